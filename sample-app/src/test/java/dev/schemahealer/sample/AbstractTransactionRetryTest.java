package dev.schemahealer.sample;

import static dev.schemahealer.sample.EngineTestSupport.count;
import static dev.schemahealer.sample.EngineTestSupport.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#inTransaction} on real engine errors. The agent's part (the upgrade that runs
 * while the failed transaction rolls back) is played by the test: it creates the missing table
 * before the second attempt, from another connection.
 */
abstract class AbstractTransactionRetryTest {

    private final Engine engine;
    private TestDatabase db;
    private HikariDataSource pool;
    private Database database;

    AbstractTransactionRetryTest(Engine engine) {
        this.engine = engine;
    }

    @BeforeEach
    void start() throws SQLException {
        db = TestDatabase.create(engine);
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create table written (id int primary key)");
        }
        pool = pool(db);
        database = new Database(pool);
    }

    @AfterEach
    void stop() {
        if (pool != null) {
            pool.close();
        }
        if (db != null) {
            db.close();
        }
    }

    @Test
    void aMissIsRetriedOnceAfterTheHealAndWritesOnce() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        int result = database.inTransaction(c -> {
            if (attempts.incrementAndGet() == 2) {
                heal(); // what the agent does before rollback() returns
            }
            insertWritten(c, 1);
            try (Statement st = c.createStatement()) {
                st.executeQuery("select count(*) from healed_later").close();
            }
            return 42;
        });
        assertEquals(42, result);
        assertEquals(2, attempts.get());
        try (Connection c = db.connect()) {
            assertEquals(1, count(c, "written"), "the first attempt's insert was rolled back, not doubled");
        }
    }

    @Test
    void aFailedBatchIsRetriedOnceAfterTheHealAndWritesOnce() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        int written = database.inTransaction(c -> {
            if (attempts.incrementAndGet() == 2) {
                heal();
            }
            insertWritten(c, 1);
            try (PreparedStatement ps = c.prepareStatement("insert into healed_later (id) values (?)")) {
                for (int i = 1; i <= 3; i++) {
                    ps.setInt(1, i);
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
        assertEquals(3, written);
        assertEquals(2, attempts.get());
        try (Connection c = db.connect()) {
            assertEquals(1, count(c, "written"));
            assertEquals(3, count(c, "healed_later"));
        }
    }

    @Test
    void aBatchUpdateExceptionFromTheEngineIsRecognisedAsAMiss() throws SQLException {
        try (Connection c = db.connect(); PreparedStatement ps = c.prepareStatement("insert into healed_later (id) values (?)")) {
            ps.setInt(1, 1);
            ps.addBatch();
            BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
            assertTrue(RetryPolicy.worthRetrying(e), "driver-specific chain: " + e + " / next " + e.getNextException());
        }
    }

    @Test
    void aMissThatStaysIsRetriedOnlyOnceAndWritesNothing() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> database.inTransaction(c -> {
            attempts.incrementAndGet();
            insertWritten(c, 1);
            try (Statement st = c.createStatement()) {
                st.executeQuery("select count(*) from healed_later").close();
            }
            return null;
        }));
        assertEquals(2, attempts.get());
        assertTrue(RetryPolicy.worthRetrying(e), e.toString());
        try (Connection c = db.connect()) {
            assertEquals(0, count(c, "written"));
        }
    }

    @Test
    void otherErrorsAreNotRetried() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        SQLException e = assertThrows(SQLException.class, () -> database.inTransaction(c -> {
            attempts.incrementAndGet();
            insertWritten(c, 1);
            insertWritten(c, 1); // duplicate key
            return null;
        }));
        assertEquals(1, attempts.get());
        assertFalse(RetryPolicy.worthRetrying(e), e.toString());
        try (Connection c = db.connect()) {
            assertEquals(0, count(c, "written"));
        }
    }

    @Test
    void anApplicationErrorRollsBackWithoutRetry() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(ApiException.class, () -> database.inTransaction(c -> {
            attempts.incrementAndGet();
            insertWritten(c, 1);
            throw ApiException.notFound("no such thing");
        }));
        assertEquals(1, attempts.get());
        try (Connection c = db.connect()) {
            assertEquals(0, count(c, "written"));
        }
    }

    private void heal() throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create table healed_later (id int primary key)");
        }
    }

    private static void insertWritten(Connection c, int id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into written (id) values (?)")) {
            ps.setInt(1, id);
            ps.executeUpdate();
        }
    }
}
