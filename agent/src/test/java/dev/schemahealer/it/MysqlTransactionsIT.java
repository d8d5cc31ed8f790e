package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

class MysqlTransactionsIT extends TransactionsSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }
}
