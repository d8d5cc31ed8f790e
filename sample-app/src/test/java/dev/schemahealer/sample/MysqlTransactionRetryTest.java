package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class MysqlTransactionRetryTest extends AbstractTransactionRetryTest {
    MysqlTransactionRetryTest() {
        super(Engine.MYSQL);
    }
}
