package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Transactions, batches and the side effects of our own DDL, end to end: never lose, double or
 * commit a write.
 */
abstract class TransactionsSuite extends EndToEndBase {

    /** With the default options: transactions and batches start after their database is healed ahead. */
    ChildJvm run(String mode) throws Exception {
        return run(mode, "");
    }

    /**
     * With {@code heal.ahead=off}: what happens to a miss inside a transaction when nothing was
     * healed ahead (a heal that took longer than heal.wait, a database with no sign of the
     * upgrades yet).
     */
    ChildJvm runWithoutHealAhead(String mode) throws Exception {
        return run(mode, ",heal.ahead=off");
    }

    ChildJvm run(String mode, String moreAgentArgs) throws Exception {
        return run(mode, moreAgentArgs, appUrl());
    }

    ChildJvm run(String mode, String moreOptions, String url) throws Exception {
        ChildJvm app = ChildJvm.start(upgradesOption("tx") + AgentEndToEndSuite.PATIENT + moreOptions,
                ChildJvm.applicationClassPath(),
                TransactionsApp.class, mode, url, db.user(), db.password());
        assertEquals(0, app.waitFor(180), app.output());
        return app;
    }

    static int value(ChildJvm app, String key) {
        List<String> lines = app.linesStartingWith(key + " ");
        assertEquals(1, lines.size(), key + " in:\n" + app.output());
        return Integer.parseInt(lines.get(0).substring(key.length() + 1).trim());
    }

    @Test
    void sixteenThreadsOfTransactionsSucceedOnTheirFirstAttempt() throws Exception {
        ChildJvm app = run("retry");

        assertEquals(0, value(app, "FIRST_ATTEMPT_ERRORS"), "healed ahead of the transactions:\n" + app.output());
        assertEquals(0, value(app, "FAILED_ON_RETRY"), app.output());
        int committed = value(app, "COMMITTED");
        assertEquals(160, committed, app.output());
        // Nothing of a failed attempt was committed: rows equal committed transactions exactly.
        assertEquals(1 + committed, count("select count(*) from customers"));
        assertEquals(committed, count("select count(*) from orders"));
        // Ahead of a transaction, every pending upgrade of the database is applied, once.
        assertRanOnce("it-001-customer-email", "it-002-customer-phone", "it-003-orders", "it-004-customer-name-index",
                "it-005-event-source");
    }

    @Test
    void withoutHealAheadTransactionsSucceedOnTheirOneRetry() throws Exception {
        ChildJvm app = runWithoutHealAhead("retry");

        assertEquals(0, value(app, "FAILED_ON_RETRY"), app.output());
        int committed = value(app, "COMMITTED");
        assertEquals(160, committed, app.output());
        assertTrue(value(app, "FIRST_ATTEMPT_ERRORS") >= 1, "the first miss surfaces inside a transaction");
        // Nothing of a failed attempt was committed: rows equal committed transactions exactly.
        assertEquals(1 + committed, count("select count(*) from customers"));
        assertEquals(committed, count("select count(*) from orders"));
        // The miss needs the orders table alone: the upgrades before it in id order stay pending.
        assertRanOnce("it-003-orders");
    }

    @Test
    void autocommitBatchesRunOnAHealedSchemaOnce() throws Exception {
        assertBatchesTransparent(run("batch"));
    }

    void assertBatchesTransparent(ChildJvm app) throws Exception {
        // Healed ahead of the first batch: no BatchUpdateException, each row once.
        assertEquals(List.of(), app.linesStartingWith("STATEMENT_BATCH_ERROR"), app.output());
        assertEquals(List.of("STATEMENT_BATCH_OK attempt 1"), app.linesStartingWith("STATEMENT_BATCH_OK"), app.output());
        assertEquals(List.of("PREPARED_BATCH_OK attempt 1"), app.linesStartingWith("PREPARED_BATCH_OK"), app.output());
        assertEquals(6, value(app, "REPORTED"), app.output());
        assertEquals(6, count("select count(*) from events"));
        assertEquals(1, count("select count(*) from events where id = 2 and source = 'web'"), "the middle statement once");
    }

    @Test
    void withoutHealAheadBatchesAreHealedButNeverAppliedTwice() throws Exception {
        ChildJvm app = runWithoutHealAhead("batch");

        // The batch surfaces its BatchUpdateException once (the drivers discard a failed batch, so
        // the agent never runs it again); the application's own retry then succeeds.
        assertEquals(1, app.linesStartingWith("STATEMENT_BATCH_ERROR").size(), app.output());
        assertEquals(List.of("STATEMENT_BATCH_OK attempt 2"), app.linesStartingWith("STATEMENT_BATCH_OK"), app.output());
        assertEquals(List.of("PREPARED_BATCH_OK attempt 1"), app.linesStartingWith("PREPARED_BATCH_OK"), app.output());
        assertEquals(value(app, "REPORTED"), count("select count(*) from events"), app.output());
        assertEquals(1, count("select count(*) from events where id = 2"), "the middle statement once");
    }

    @Test
    void warmPreparedStatementsSurviveAnotherThreadsHealWithoutNewConnections() throws Exception {
        // Without heal ahead: the heal must come while the pool's plans are warm.
        ChildJvm app = runWithoutHealAhead("warm");

        assertEquals(0, value(app, "ERRORS"), app.output());
        assertEquals(8, value(app, "CONNECTIONS_OPENED"), "the pool evicted nothing:\n" + app.output());
        assertTrue(value(app, "QUERIES") > 100, app.output());
        assertEquals(1, count("select count(*) from schemahealer_history where upgrade_id = 'it-002-customer-phone'"));
    }

    @Test
    void aTransactionHoldingALockOnTheTableGetsItsErrorAtOnceAndTheHealByRollback() throws Exception {
        // A DDL lock timeout far longer than any scheduling noise: a heal that waited on the
        // transaction's own lock would take all of it; a deferred one takes none of it.
        ChildJvm app = run("locked", ",heal.ahead=off,ddl.lockTimeout=20s");

        assertEquals(1, app.linesStartingWith("ERROR ").size(), app.output());
        assertTrue(value(app, "ERROR_MS") < 10_000, app.output());
        assertEquals(List.of("HEALED_BY_ROLLBACK true"), app.linesStartingWith("HEALED_BY_ROLLBACK"), app.output());
        assertEquals(List.of("RETRY_OK"), app.linesStartingWith("RETRY_OK"), app.output());
        assertEquals(1, count("select count(*) from customers where id = 77"));
    }

    @Test
    void aColumnLookupOnSelectStarHealsForTheNextStatement() throws Exception {
        ChildJvm app = run("lookup");

        assertEquals(1, app.linesStartingWith("LOOKUP_ERROR 1").size(), app.output());
        assertEquals(List.of("LOOKUP_OK 2 null"), app.linesStartingWith("LOOKUP_OK"), app.output());
    }

    @Test
    void aStatementWithABoundStreamIsHealedButNotRunAgain() throws Exception {
        ChildJvm app = run("stream");

        assertEquals(1, app.linesStartingWith("STREAM_ERROR 1").size(), app.output());
        assertEquals(List.of("STREAM_OK 2"), app.linesStartingWith("STREAM_OK"), app.output());
        assertEquals(List.of("STREAM_EMAIL streamed@example.com"), app.linesStartingWith("STREAM_EMAIL"), app.output());
    }
}
