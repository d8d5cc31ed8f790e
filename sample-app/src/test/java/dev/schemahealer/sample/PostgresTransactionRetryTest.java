package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class PostgresTransactionRetryTest extends AbstractTransactionRetryTest {
    PostgresTransactionRetryTest() {
        super(Engine.POSTGRESQL);
    }
}
