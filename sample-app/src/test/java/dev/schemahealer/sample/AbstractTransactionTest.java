package dev.schemahealer.sample;

import static dev.schemahealer.sample.EngineTestSupport.count;
import static dev.schemahealer.sample.EngineTestSupport.pool;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.zaxxer.hikari.HikariDataSource;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link Database#inTransaction} on real engine errors: one attempt, committed whole or rolled
 * back whole; no retry (the agent makes the schema complete before the transaction starts).
 */
abstract class AbstractTransactionTest {

    private final Engine engine;
    private TestDatabase db;
    private HikariDataSource pool;
    private Database database;

    AbstractTransactionTest(Engine engine) {
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
    void committedWhole() throws SQLException {
        heal();
        int result = database.inTransaction(c -> {
            insertWritten(c, 1);
            try (Statement st = c.createStatement()) {
                st.executeQuery("select count(*) from healed_later").close();
            }
            return 42;
        });
        assertEquals(42, result);
        try (Connection c = db.connect()) {
            assertEquals(1, count(c, "written"));
        }
    }

    @Test
    void aMissIsNotRetriedAndWritesNothing() throws SQLException {
        AtomicInteger attempts = new AtomicInteger();
        assertThrows(SQLException.class, () -> database.inTransaction(c -> {
            attempts.incrementAndGet();
            insertWritten(c, 1);
            try (Statement st = c.createStatement()) {
                st.executeQuery("select count(*) from healed_later").close();
            }
            return null;
        }));
        assertEquals(1, attempts.get());
        try (Connection c = db.connect()) {
            assertEquals(0, count(c, "written"));
        }
    }

    @Test
    void anApplicationErrorRollsBack() throws SQLException {
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
