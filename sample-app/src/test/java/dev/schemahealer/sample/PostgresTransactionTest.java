package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class PostgresTransactionTest extends AbstractTransactionTest {
    PostgresTransactionTest() {
        super(Engine.POSTGRESQL);
    }
}
