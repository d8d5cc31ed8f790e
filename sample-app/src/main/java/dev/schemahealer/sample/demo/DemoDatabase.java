package dev.schemahealer.sample.demo;

import dev.schemahealer.upgrades.Dialect;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Where the demo runs: an embedded PostgreSQL it starts itself, or the server of {@code --url}.
 * Either way the demo works in a schema (PostgreSQL) or database (MySQL) of its own, created
 * empty here and dropped by {@link #close()} (unless {@code --keep}), so it never touches anything
 * that was there before.
 */
final class DemoDatabase implements AutoCloseable {

    private final EmbeddedPostgres embedded;
    private final String serverUrl;
    private final String user;
    private final String password;
    private final Dialect dialect;
    private final String name;
    private final String url;
    private final String description;
    private final boolean keep;
    private boolean closed;

    private DemoDatabase(EmbeddedPostgres embedded, String serverUrl, String user, String password, Dialect dialect,
                         String name, String description, boolean keep) {
        this.embedded = embedded;
        this.serverUrl = serverUrl;
        this.user = user;
        this.password = password;
        this.dialect = dialect;
        this.name = name;
        this.url = scoped(serverUrl, dialect, name);
        this.description = description;
        this.keep = keep;
    }

    static DemoDatabase open(DemoOptions options) throws IOException, SQLException {
        EmbeddedPostgres embedded = null;
        String serverUrl = options.url();
        String what;
        if (serverUrl == null) {
            embedded = startEmbedded();
            serverUrl = "jdbc:postgresql://localhost:" + embedded.getPort() + "/postgres";
            what = "embedded server on port " + embedded.getPort();
        } else {
            what = JdbcUrls.masked(serverUrl);
        }
        try {
            String name = "schemahealer_demo_" + Long.toString(System.currentTimeMillis(), 36)
                    + Integer.toString(ThreadLocalRandom.current().nextInt(36 * 36), 36);
            Dialect dialect;
            String version;
            try (Connection c = connect(serverUrl, options.user(), options.password()); Statement st = c.createStatement()) {
                dialect = Dialect.of(c);
                version = c.getMetaData().getDatabaseProductVersion();
                st.execute(dialect == Dialect.POSTGRESQL
                        ? "create schema " + name
                        : "create database " + name + " character set utf8mb4");
            }
            String place = dialect == Dialect.POSTGRESQL ? "schema " : "database ";
            String product = switch (dialect) {
                case POSTGRESQL -> "PostgreSQL";
                case MYSQL -> "MySQL";
                case MARIADB -> "MariaDB";
            };
            return new DemoDatabase(embedded, serverUrl, options.user(), options.password(), dialect, name,
                    what + " (" + product + " " + version + "), " + place + name, options.keep());
        } catch (SQLException | RuntimeException e) {
            if (embedded != null) {
                embedded.close();
            }
            throw e;
        }
    }

    private static EmbeddedPostgres startEmbedded() throws IOException {
        try {
            // No shutdown hook of its own: the demo's stops the service first, then the database.
            return EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        } catch (IOException | RuntimeException e) {
            if ("root".equals(System.getProperty("user.name"))) {
                throw new IOException("the embedded PostgreSQL did not start (" + e.getMessage() + "). PostgreSQL refuses"
                        + " to run as root; the embedded one then runs under `unshare -U`, which this machine may not"
                        + " allow. Run the demo as another user, or against a server with --url", e);
            }
            throw e;
        }
    }

    /** The URL of the demo's own schema or database: what the service, the status command and the checks use. */
    String url() {
        return url;
    }

    String user() {
        return user;
    }

    String password() {
        return password;
    }

    Dialect dialect() {
        return dialect;
    }

    String description() {
        return description;
    }

    Connection connect() throws SQLException {
        return connect(url, user, password);
    }

    /** A second, empty schema or database next to the demo's, for a fresh install to compare with. */
    Scratch scratch() throws SQLException {
        String scratchName = name + "_fresh";
        try (Connection c = connect(serverUrl, user, password); Statement st = c.createStatement()) {
            st.execute(dialect == Dialect.POSTGRESQL
                    ? "create schema " + scratchName
                    : "create database " + scratchName + " character set utf8mb4");
        }
        return new Scratch(scratchName);
    }

    /** A scratch schema or database, dropped on close. */
    final class Scratch implements AutoCloseable {
        private final String scratchName;

        private Scratch(String scratchName) {
            this.scratchName = scratchName;
        }

        Connection connect() throws SQLException {
            return DemoDatabase.connect(scoped(serverUrl, dialect, scratchName), user, password);
        }

        @Override
        public void close() throws SQLException {
            drop(scratchName);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            // An embedded server goes away with its data directory; only a real server needs cleaning up.
            if (!keep && embedded == null) {
                drop(name);
            }
        } catch (SQLException e) {
            System.err.println("could not drop the demo's " + name + ": " + e.getMessage());
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (IOException e) {
                    System.err.println("could not stop the embedded PostgreSQL: " + e.getMessage());
                }
            }
        }
    }

    private void drop(String what) throws SQLException {
        try (Connection c = connect(serverUrl, user, password); Statement st = c.createStatement()) {
            st.execute(dialect == Dialect.POSTGRESQL ? "drop schema if exists " + what + " cascade" : "drop database if exists " + what);
        }
    }

    private static String scoped(String serverUrl, Dialect dialect, String name) {
        return dialect == Dialect.POSTGRESQL
                ? JdbcUrls.withParam(serverUrl, "currentSchema", name)
                : JdbcUrls.withDatabase(serverUrl, name);
    }

    static Connection connect(String url, String user, String password) throws SQLException {
        Properties props = new Properties();
        if (user != null) {
            props.setProperty("user", user);
        }
        props.setProperty("password", password == null ? "" : password);
        return DriverManager.getConnection(url, props);
    }
}
