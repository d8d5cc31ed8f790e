package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The runner's ledger protocols on a real engine, without an agent: claims a dead heal left
 * behind, the raw-statement journal, ledgers of an earlier version.
 */
abstract class UpgradeRunnerEngineSuite {

    TestDatabase db;
    Connection c;
    final Ledger ledger = new Ledger("schemahealer_history");
    final UpgradeRunner runner = new UpgradeRunner(ledger, Duration.ofSeconds(5), Duration.ofSeconds(1), "test/1");

    abstract Engine engine();

    @BeforeEach
    void schema() throws SQLException {
        db = TestDatabase.create(engine());
        c = db.connect();
        run("create table raw_log (n int not null)");
    }

    @AfterEach
    void drop() throws SQLException {
        c.close();
        db.close();
    }

    Dialect dialect() {
        return engine() == Engine.POSTGRESQL ? Dialect.POSTGRESQL : Dialect.MYSQL;
    }

    UpgradeRunner.Site site() {
        return new UpgradeRunner.Site(dialect(), null, UpgradeRunner.Sessions.KEPT);
    }

    void run(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    int count(String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Two raw statements that must not run twice. */
    static final class TwoRawInserts implements SchemaUpgrade {
        int runs;

        @Override
        public String id() {
            return "u-001-raw";
        }

        @Override
        public void apply(UpgradeContext ctx) throws SQLException {
            runs++;
            ctx.execute("insert into raw_log (n) values (1)");
            ctx.execute("insert into raw_log (n) values (2)");
        }
    }

    void claim(int rawStarted, int rawDone) throws SQLException {
        ledger.ensureExists(c, dialect());
        ledger.claim(c, dialect(), new Ledger.Entry("u-001-raw", "raw", null, "dead-host/42", "42703 column t.c", 0));
        ledger.journal(c, dialect(), "u-001-raw", rawStarted, false);
        ledger.journal(c, dialect(), "u-001-raw", rawDone, true);
    }

    @Test
    void aClaimLeftByADeadHealIsResumedSkippingTheRawStatementsItCompleted() throws SQLException {
        claim(1, 1);
        TwoRawInserts upgrade = new TwoRawInserts();

        UpgradeRunner.Result result = runner.apply(c, site(), List.of(upgrade), "42703 column t.c");

        assertNull(result.failure());
        assertEquals(1, upgrade.runs);
        assertEquals(0, count("select count(*) from raw_log where n = 1"), "statement 1 ran before the crash: skipped");
        assertEquals(1, count("select count(*) from raw_log where n = 2"));
        assertTrue(ledger.read(c, dialect()).containsKey("u-001-raw"));
        assertTrue(ledger.claims(c, dialect()).isEmpty());
    }

    @Test
    void aRawStatementInDoubtIsNeverRunAgainAndTheErrorSaysHowToSettleIt() throws SQLException {
        claim(2, 1);
        TwoRawInserts upgrade = new TwoRawInserts();

        UpgradeRunner.Result result = runner.apply(c, site(), List.of(upgrade), "42703 column t.c");

        assertEquals(0, upgrade.runs);
        assertTrue(result.failure().getMessage().contains("raw statement #2"), result.failure().getMessage());
        assertTrue(result.failure().getMessage().contains("dead-host/42"), result.failure().getMessage());
        assertEquals(0, count("select count(*) from raw_log"));
        assertTrue(ledger.read(c, dialect()).isEmpty());
    }

    @Test
    void aLedgerOfAnEarlierVersionGetsTheClaimColumnsAndKeepsItsRows() throws SQLException {
        String trigger = dialect() == Dialect.POSTGRESQL ? "\"trigger\"" : "`trigger`";
        String ts = dialect() == Dialect.POSTGRESQL ? "timestamp with time zone" : "timestamp(3) null";
        run("create table schemahealer_history (upgrade_id varchar(191) not null primary key,"
                + " description varchar(1000) not null, applied_at " + ts + " not null, applied_by varchar(255) not null, "
                + trigger + " varchar(255) not null, duration_ms bigint not null)");
        run("insert into schemahealer_history values ('u-000-old', 'old', current_timestamp, 'h/1', 'x', 1)");
        TwoRawInserts upgrade = new TwoRawInserts();

        UpgradeRunner.Result result = runner.apply(c, site(), List.of(upgrade), "42703 column t.c");

        assertNull(result.failure());
        assertEquals(List.of("u-000-old", "u-001-raw"), List.copyOf(result.ledger().keySet()));
        assertEquals(2, count("select count(*) from raw_log"));
    }

    /** Fails after its first raw statement. */
    static final class FailsHalfway implements SchemaUpgrade {
        @Override
        public String id() {
            return "u-002-halfway";
        }

        @Override
        public void apply(UpgradeContext ctx) throws SQLException {
            ctx.execute("insert into raw_log (n) values (3)");
            ctx.execute("insert into no_such_table (n) values (4)");
        }
    }

    @Test
    void aFailedUpgradeLeavesNoLedgerRow() throws SQLException {
        UpgradeRunner.Result result = runner.apply(c, site(), List.of(new FailsHalfway()), "42703 column t.c");

        assertEquals("u-002-halfway", result.failed().id());
        assertTrue(noLedgerRows());
        assertFailedHalfway();
    }

    /** No ledger, or one without applied rows (a PostgreSQL rollback takes the ledger's creation with it). */
    boolean noLedgerRows() throws SQLException {
        return !ledger.exists(c, dialect()) || ledger.read(c, dialect()).isEmpty();
    }

    /** PostgreSQL: all of it rolled back. MySQL: the claim and its journal say what ran. */
    abstract void assertFailedHalfway() throws SQLException;
}
