package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresUpgradeRunnerTest extends UpgradeRunnerEngineSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Override
    void assertFailedHalfway() throws SQLException {
        assertEquals(0, count("select count(*) from raw_log"), "the upgrade's transaction rolled back whole");
        assertTrue(!ledger.exists(c, dialect()), "the ledger's creation too");
    }

    @Test
    void theUpgradeAndItsLedgerRowCommitTogetherAndNoLockOrSettingOutlivesTheTransaction() throws SQLException {
        run("set lock_timeout = '7s'");
        UpgradeRunner.Result result = runner.apply(c, site(), List.of(new TwoRawInserts()), "42703 column t.c");

        assertNull(result.failure());
        assertEquals(2, count("select count(*) from raw_log"));
        assertEquals(0, count("select count(*) from pg_locks where locktype = 'advisory'"
                + " and database = (select oid from pg_database where datname = current_database())"));
        assertEquals(1, count("select count(*) where current_setting('lock_timeout') = '7s'"));
    }

    /** A raw statement PostgreSQL refuses inside a transaction. */
    static final class ConcurrentIndex implements SchemaUpgrade {
        @Override
        public String id() {
            return "u-003-concurrent-index";
        }

        @Override
        public void apply(UpgradeContext ctx) throws SQLException {
            ctx.execute("create index concurrently if not exists raw_log_n on raw_log (n)");
        }
    }

    @Test
    void whatCannotRunInATransactionRunsOnceOutsideOne() throws SQLException {
        UpgradeRunner.Result result = runner.apply(c, site(), List.of(new ConcurrentIndex()), "42703 column t.c");

        assertNull(result.failure());
        assertEquals(1, count("select count(*) from pg_indexes where indexname = 'raw_log_n'"));
        assertTrue(ledger.read(c, dialect()).containsKey("u-003-concurrent-index"));
        assertTrue(ledger.claims(c, dialect()).isEmpty());
    }

    @Test
    void behindATransactionPoolerItSaysToSetDdlUrl() throws SQLException {
        UpgradeRunner.Site pooled = new UpgradeRunner.Site(dialect(), null, UpgradeRunner.Sessions.TRANSACTION_POOLED);
        UpgradeRunner.Result result = runner.apply(c, pooled, List.of(new ConcurrentIndex()), "42703 column t.c");

        assertTrue(result.failure().getMessage().contains("set ddl.url"), result.failure().getMessage());
        assertTrue(noLedgerRows());
    }
}
