package dev.schemahealer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The README's example, on the shop fixture (release 1 and 2 scripts in src/test/resources/db, four
 * upgrades registered in META-INF/services): what a team writes, and it passes.
 */
@ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql", current = "db/shop-v2-{dialect}.sql")
class ExampleUpgradesTest {

    @org.junit.jupiter.api.Test
    void withoutTheAgentTheEngineRunsInProcess() {
        assumeFalse(getClass().getSimpleName().endsWith("IT"), "the IT subclass runs with -javaagent");
        assertEquals(Healing.IN_PROCESS, Healing.current());
    }

    @HealingTest
    void upgradesTakeTheOldSchemaToTheNewOne(HealingDatabase db) {
        db.assertUpgradesReproduceCurrentSchema();
    }

    @HealingTest
    void upgradesAreIdempotent(HealingDatabase db) {
        db.assertIdempotent();
    }

    @HealingTest
    void upgradesDeclareWhatTheyCreate(HealingDatabase db) {
        db.assertHealsDeclared();
    }

    @HealingTest
    void readingThePhoneHeals(HealingDatabase db) {
        db.assertHeals("select phone from customers", "2026-01-01-01-phone");
    }

    /** New code on the application's own pool, in a transaction that retries once, as services do. */
    @HealingTest
    void writingANoteHealsThroughThePool(HealingDatabase db) throws SQLException {
        HikariConfig config = new HikariConfig();
        config.setDataSource(db.dataSource());
        config.setMaximumPoolSize(2);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            db.assertHeals(() -> inTransactionWithOneRetry(pool, "insert into notes (id, body) values (1, 'hello')"),
                    healedByTheNoteTransaction());
            try (Connection c = pool.getConnection(); Statement st = c.createStatement();
                    ResultSet rs = st.executeQuery("select count(*) from notes")) {
                rs.next();
                assertEquals(1, rs.getInt(1));
            }
        }
    }

    /** notes requires nothing: the phone upgrade stays pending; the index before it in id order rides along. */
    String[] healedByTheNoteTransaction() {
        return new String[] {"2026-01-01-02-name-index", "2026-01-01-03-notes"};
    }

    private static void inTransactionWithOneRetry(HikariDataSource pool, String sql) throws SQLException {
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                c.setAutoCommit(false);
                try (Statement st = c.createStatement()) {
                    st.executeUpdate(sql);
                    c.commit();
                    return;
                } catch (SQLException e) {
                    c.rollback(); // the heal completes before rollback returns
                    if (attempt == 2) {
                        throw e;
                    }
                }
            }
        }
    }
}
