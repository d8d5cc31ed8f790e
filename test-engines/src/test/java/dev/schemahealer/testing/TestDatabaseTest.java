package dev.schemahealer.testing;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class TestDatabaseTest {

    @ParameterizedTest
    @EnumSource(Engine.class)
    void eachDatabaseIsFreshAndSeparate(Engine engine) throws SQLException {
        try (TestDatabase a = TestDatabase.create(engine); TestDatabase b = TestDatabase.create(engine)) {
            assertEquals(engine, a.engine());
            assertNotEquals(a.name(), b.name());
            assertNotEquals(a.url(), b.url());
            assertTrue(a.url().startsWith(engine == Engine.POSTGRESQL ? "jdbc:postgresql://" : "jdbc:mysql://"), a.url());
            assertEquals(a.user(), a.properties().getProperty("user"));
            assertEquals(a.password(), a.properties().getProperty("password"));

            try (Connection ca = a.connect(); Statement sa = ca.createStatement()) {
                assertEquals(a.name(), currentDatabase(ca));
                sa.execute("CREATE TABLE t (id INT PRIMARY KEY)");
                sa.execute("INSERT INTO t VALUES (1)");
                try (ResultSet rs = sa.executeQuery("SELECT count(*) FROM t")) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1));
                }
            }
            try (Connection cb = b.connect(); Statement sb = cb.createStatement()) {
                assertEquals(b.name(), currentDatabase(cb));
                assertThrows(SQLException.class, () -> sb.executeQuery("SELECT count(*) FROM t"));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void closeDropsTheDatabaseEvenWithConnectionsStillOpen(Engine engine) throws SQLException {
        try (TestDatabase observer = TestDatabase.create(engine); Connection look = observer.connect()) {
            TestDatabase db = TestDatabase.create(engine);
            assertTrue(exists(look, db.name()));

            Connection leftOpen = db.connect();
            leftOpen.setAutoCommit(false);
            try (Statement s = leftOpen.createStatement()) {
                s.execute("CREATE TABLE t (id INT)");
                s.execute("INSERT INTO t VALUES (1)"); // an open transaction holding locks
            }

            db.close();
            assertFalse(exists(look, db.name()));
            assertDoesNotThrow(db::close); // twice is harmless
            assertThrows(SQLException.class, db::connect);
            try {
                leftOpen.close();
            } catch (SQLException killed) {
                // the server ended it
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Engine.class)
    void describeSaysWhichServer(Engine engine) {
        String description = TestDatabase.describe(engine);
        assertTrue(description.contains("embedded") || description.contains("SCHEMAHEALER_TEST_"), description);
    }

    @Test
    void urlsGetTheDatabaseReplaced() {
        assertEquals("jdbc:postgresql://127.0.0.1:5432/sh_x",
                Servers.withDatabase("jdbc:postgresql://127.0.0.1:5432/postgres", "sh_x"));
        assertEquals("jdbc:mysql://127.0.0.1:3306/sh_x?sslMode=DISABLED",
                Servers.withDatabase("jdbc:mysql://127.0.0.1:3306/?sslMode=DISABLED", "sh_x"));
        assertEquals("jdbc:mysql://localhost/sh_x", Servers.withDatabase("jdbc:mysql://localhost", "sh_x"));
    }

    private static String currentDatabase(Connection connection) throws SQLException {
        String sql = connection.getMetaData().getURL().startsWith("jdbc:postgresql:")
                ? "SELECT current_database()" : "SELECT database()";
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        String sql = connection.getMetaData().getURL().startsWith("jdbc:postgresql:")
                ? "SELECT 1 FROM pg_database WHERE datname = ?"
                : "SELECT 1 FROM information_schema.schemata WHERE schema_name = ?";
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            s.setString(1, database);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next();
            }
        }
    }
}
