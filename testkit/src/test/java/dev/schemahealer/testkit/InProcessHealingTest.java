package dev.schemahealer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

/**
 * The wrappers reach the engine where the woven advice does, so the rules of the README's
 * transactions-and-batches table hold in-process too: a lookup by label heals for the next
 * statement, a failed batch is healed and never run again.
 */
@ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql")
class InProcessHealingTest {

    @HealingTest
    void aFailedLookupByLabelHealsForTheNextStatement(HealingDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("insert into customers (id, name, legacy) values (1, 'Ada', 'L')");
            try (ResultSet rs = st.executeQuery("select * from customers")) {
                rs.next();
                assertThrows(SQLException.class, () -> rs.getString("phone"), "this lookup's row has no phone");
            }
            assertEquals(Set.of("2026-01-01-01-phone"), db.appliedUpgrades());
            try (ResultSet rs = st.executeQuery("select * from customers")) {
                rs.next();
                assertEquals(null, rs.getString("phone"));
            }
        }
    }

    @HealingTest
    void aFailedBatchIsHealedAndNeverRunAgain(HealingDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.addBatch("insert into notes (id, body) values (1, 'a')");
            st.addBatch("insert into notes (id, body) values (2, 'b')");
            assertThrows(BatchUpdateException.class, st::executeBatch);
            // The table, and the index build that rides along with a later id; not the phone column.
            assertEquals(Set.of("2026-01-01-02-name-index", "2026-01-01-03-notes"), db.appliedUpgrades());
            try (ResultSet rs = st.executeQuery("select count(*) from notes")) {
                rs.next();
                assertEquals(0, rs.getInt(1), "the batch ran once, before the table existed");
            }
        }
    }
}
