package dev.schemahealer.sample;

import dev.schemahealer.testing.Engine;

class MysqlTransactionTest extends AbstractTransactionTest {
    MysqlTransactionTest() {
        super(Engine.MYSQL);
    }
}
