package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;

/** The transactions suite through MariaDB Connector/J ({@code jdbc:mariadb:}). */
class MariadbTransactionsIT extends TransactionsSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    @Override
    String appUrl() {
        return MariadbAgentIT.mariadbUrl(db.url());
    }
}
