package dev.schemahealer.it;

import dev.schemahealer.testing.Engine;
import org.junit.jupiter.api.Test;

class MysqlTransactionsIT extends TransactionsSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    /** Connector/J rewrites the batches into multi-row inserts / one multi-statement string. */
    @Test
    void autocommitBatchesRewrittenByConnectorJRunOnAHealedSchemaOnce() throws Exception {
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "rewriteBatchedStatements=true";
        assertBatchesTransparent(run("batch", "", url));
    }
}
