package dev.schemahealer.upgrades;

import dev.schemahealer.testing.CatalogSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The contract of {@link JdbcUpgradeContext} on a real database of each engine, one fresh database
 * per test. Subclasses name the engine and add what only that engine has.
 */
abstract class JdbcUpgradeContextSuite {

    static final Duration LOCK_TIMEOUT = Duration.ofSeconds(1);
    static final String UPGRADE_ID = "2026-01-01-test-upgrade";
    /** How long a statement that should fail after {@link #LOCK_TIMEOUT} may take: generous, for busy CI machines. */
    static final Duration FAST = Duration.ofSeconds(15);
    /** When a blocked statement is given up on and the test fails instead of hanging. */
    static final Duration HANG = Duration.ofSeconds(60);

    TestDatabase db;
    /** The connection every context under test runs on, in autocommit mode. */
    Connection connection;
    Dialect dialect;
    private final List<Connection> others = new ArrayList<>();
    private ExecutorService background;

    abstract Engine engine();

    @BeforeEach
    void createDatabase() throws SQLException {
        db = TestDatabase.create(engine());
        connection = db.connect();
        dialect = Dialect.of(connection);
    }

    @AfterEach
    void dropDatabase() {
        for (Connection other : others) {
            closeQuietly(other);
        }
        closeQuietly(connection);
        db.close(); // also ends connections a blocked background statement still holds
        if (background != null) {
            background.shutdownNow();
        }
    }

    // ---------------------------------------------------------------- each helper twice: same schema

    @Test
    void addColumnIfMissingTwiceLeavesTheSameSchema() throws SQLException {
        sql("create table customer (id int primary key)");
        try (JdbcUpgradeContext ctx = open()) {
            assertFalse(ctx.columnExists("customer", "phone"));
            assertFalse(ctx.columnExists("customer", "score"));

            addTwoColumns(ctx);
            CatalogSnapshot first = catalog();
            addTwoColumns(ctx);

            assertEquals(first, catalog());
            assertTrue(first.has("column", "customer.phone"), first::toString);
            assertTrue(first.has("column", "customer.score"), first::toString);
            assertTrue(ctx.columnExists("customer", "phone"));
            assertTrue(ctx.columnExists("customer", "score"));
        }
        sql("insert into customer (id) values (1)");
        assertEquals("n/a", queryString(connection, "select phone from customer"));
        assertEquals("0", queryString(connection, "select score from customer"));
    }

    private static void addTwoColumns(UpgradeContext ctx) throws SQLException {
        ctx.addColumnIfMissing("customer", "phone", "varchar(32) default 'n/a'");
        ctx.addColumnIfMissing("customer", "score", "int not null default 0");
    }

    @Test
    void createTableIfMissingTwiceLeavesTheSameSchema() throws SQLException {
        try (JdbcUpgradeContext ctx = open()) {
            assertFalse(ctx.tableExists("customer"));
            assertFalse(ctx.tableExists("note"));

            createTwoTables(ctx);
            CatalogSnapshot first = catalog();
            sql("insert into customer (id, name) values (1, 'kept')"); // lost if the table were recreated
            createTwoTables(ctx);

            assertEquals(first, catalog());
            assertTrue(first.has("table", "customer"), first::toString);
            assertTrue(first.has("column", "customer.name"), first::toString);
            assertTrue(first.has("table", "note"), first::toString); // columns given without parentheses
            assertTrue(ctx.tableExists("customer"));
            assertTrue(ctx.tableExists("note"));
        }
        assertEquals("kept", queryString(connection, "select name from customer where id = 1"));
    }

    private static void createTwoTables(UpgradeContext ctx) throws SQLException {
        ctx.createTableIfMissing("customer", "(id bigint primary key, name varchar(100) not null, created date null)");
        ctx.createTableIfMissing("note", "id int primary key, body varchar(200) null");
    }

    @Test
    void createIndexIfMissingTwiceLeavesTheSameSchema() throws SQLException {
        sql("create table person (id int primary key, last_name varchar(50), first_name varchar(50))");
        try (JdbcUpgradeContext ctx = open()) {
            assertFalse(ctx.indexExists("person", "person_name_ix"));

            ctx.createIndexIfMissing("person", "person_name_ix", "last_name, first_name");
            CatalogSnapshot first = catalog();
            ctx.createIndexIfMissing("person", "person_name_ix", "last_name, first_name");

            assertEquals(first, catalog());
            assertTrue(first.has("index", "person.person_name_ix"), first::toString);
            assertTrue(ctx.indexExists("person", "person_name_ix"));
        }
    }

    // ---------------------------------------------------------------- names

    @Test
    void reservedWordsWorkAsNames() throws SQLException {
        try (JdbcUpgradeContext ctx = open()) {
            createOrderTable(ctx);
            CatalogSnapshot first = catalog();
            createOrderTable(ctx);
            assertEquals(first, catalog());

            assertTrue(first.has("table", "order"), first::toString);
            assertTrue(first.has("column", "order.user"), first::toString);
            assertTrue(first.has("column", "order.select"), first::toString);
            assertTrue(first.has("index", "order.group"), first::toString);

            assertTrue(ctx.tableExists("order"));
            assertTrue(ctx.tableExists(quote("order")));
            assertTrue(ctx.columnExists("order", "user"));
            assertTrue(ctx.columnExists(quote("order"), quote("select")));
            assertTrue(ctx.indexExists("order", "group"));
        }
        sql("insert into " + quote("order") + " (id, " + quote("user") + ", " + quote("select") + ") values (1, 'u', 2)");
        assertEquals("u", queryString(connection, "select " + quote("user") + " from " + quote("order")
                + " where " + quote("select") + " = 2"));
    }

    private void createOrderTable(UpgradeContext ctx) throws SQLException {
        ctx.createTableIfMissing("order", "(id int primary key, " + quote("user") + " varchar(20) null)");
        ctx.addColumnIfMissing("order", "select", "int null");
        ctx.createIndexIfMissing("order", "group", quote("select"));
    }

    /**
     * An unquoted name means to the helpers what it means in the engine's own SQL: PostgreSQL folds
     * ASCII letters to lower case and leaves the others alone; MySQL keeps the name as written.
     */
    @Test
    void unquotedNamesMeanWhatTheEnginesOwnSqlMeans() throws SQLException {
        // Plain SQL first: the helpers find what it created.
        sql("create table CamelCase (Id int, GrößeÄ int)");
        try (JdbcUpgradeContext ctx = open()) {
            assertTrue(ctx.tableExists("CamelCase"));
            assertTrue(ctx.columnExists("CamelCase", "Id"));
            assertTrue(ctx.columnExists("CamelCase", "GrößeÄ"));
            ctx.addColumnIfMissing("CamelCase", "GrößeÄ", "int null"); // exists: nothing to do, no error

            // Helpers first: plain SQL finds what they created.
            ctx.createTableIfMissing("MixedTable", "(Id int primary key)");
            ctx.addColumnIfMissing("MixedTable", "ÖlPreis", "int null");
            ctx.createIndexIfMissing("MixedTable", "MixedIndex", "ÖlPreis");
            assertTrue(ctx.indexExists("MixedTable", "MixedIndex"));
        }
        sql("insert into MixedTable (Id, ÖlPreis) values (1, 2)");
        assertEquals("1", queryString(connection, "select Id from MixedTable where ÖlPreis = 2"));

        CatalogSnapshot catalog = catalog();
        boolean pg = dialect == Dialect.POSTGRESQL;
        assertTrue(catalog.has("table", pg ? "mixedtable" : "MixedTable"), catalog::toString);
        assertTrue(catalog.has("column", pg ? "mixedtable.Ölpreis" : "MixedTable.ÖlPreis"), catalog::toString);
        assertTrue(catalog.has("index", pg ? "mixedtable.mixedindex" : "MixedTable.MixedIndex"), catalog::toString);
    }

    // ---------------------------------------------------------------- lock timeout

    @Test
    void lockTimeoutFailsFastNamingTheUpgradeAndSparesTheLockHolder() throws Exception {
        sql("create table lock_target (id int primary key)", "insert into lock_target values (1)");
        Connection holder = anotherConnection();
        holder.setAutoCommit(false);
        // An ordinary reader's open transaction: PostgreSQL ACCESS SHARE, MySQL a shared metadata lock.
        assertEquals("1", queryString(holder, "select count(*) from lock_target"));

        try (JdbcUpgradeContext ctx = open(LOCK_TIMEOUT, UPGRADE_ID)) {
            long started = System.nanoTime();
            SQLException e = failsBlocked(holder, () -> ctx.addColumnIfMissing("lock_target", "extra", "int null"));
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            assertTrue(took.compareTo(FAST) < 0, "took " + took);
            assertNamed(e, UPGRADE_ID, "addColumnIfMissing", "lock_target.extra");
            assertLockTimeout(e);

            e = failsBlocked(holder, () -> ctx.execute("alter table lock_target add column other int null"));
            assertNamed(e, UPGRADE_ID, "execute", "alter table lock_target add column other int null");
            assertLockTimeout(e);

            // The holder's transaction goes on undisturbed.
            assertEquals("1", queryString(holder, "select count(*) from lock_target"));
            try (Statement st = holder.createStatement()) {
                st.execute("insert into lock_target values (2)");
            }
            holder.commit();

            // With the lock gone, the same step succeeds on the same connection.
            assertFalse(ctx.columnExists("lock_target", "extra"));
            ctx.addColumnIfMissing("lock_target", "extra", "int null");
            assertTrue(ctx.columnExists("lock_target", "extra"));
        }
        assertEquals("2", queryString(connection, "select count(*) from lock_target"));
    }

    private void assertLockTimeout(SQLException e) {
        if (dialect == Dialect.POSTGRESQL) {
            assertEquals("55P03", e.getSQLState(), e::toString);
        } else {
            assertEquals(1205, e.getErrorCode(), e::toString);
        }
    }

    @Test
    void openSetsTheLockTimeoutAndCloseRestoresThePreviousOne() throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            sql("set lock_timeout = '7s'");
        } else {
            sql("set session lock_wait_timeout = 77, innodb_lock_wait_timeout = 66");
        }
        List<String> before = sessionLockTimeouts();
        assertEquals(dialect == Dialect.POSTGRESQL ? List.of("7s") : List.of("77", "66"), before);

        try (JdbcUpgradeContext ctx = open(Duration.ofMillis(2500), UPGRADE_ID)) {
            // MySQL takes whole seconds: rounded up, never down to zero (which would mean NOWAIT)
            assertEquals(dialect == Dialect.POSTGRESQL ? List.of("2500ms") : List.of("3", "3"), sessionLockTimeouts());
            ctx.tableExists("anything");
        }
        assertEquals(before, sessionLockTimeouts());

        try (JdbcUpgradeContext ctx = open(Duration.ofMillis(1), UPGRADE_ID)) {
            assertEquals(dialect == Dialect.POSTGRESQL ? List.of("1ms") : List.of("1", "1"), sessionLockTimeouts());
        }
        assertEquals(before, sessionLockTimeouts());
    }

    private List<String> sessionLockTimeouts() throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            return List.of(queryString(connection, "show lock_timeout"));
        }
        return List.of(queryString(connection, "select @@session.lock_wait_timeout"),
                queryString(connection, "select @@session.innodb_lock_wait_timeout"));
    }

    // ---------------------------------------------------------------- errors

    @Test
    void aFailingHelperNamesTheUpgradeTheStepAndTheObject() throws SQLException {
        sql("create table customer (id int primary key)");
        try (JdbcUpgradeContext ctx = open(LOCK_TIMEOUT, UPGRADE_ID)) {
            assertNamed(assertThrows(SQLException.class,
                            () -> ctx.addColumnIfMissing("customer", "phone", "no_such_type(3) null")),
                    UPGRADE_ID, "addColumnIfMissing", "customer.phone");
            assertNamed(assertThrows(SQLException.class,
                            () -> ctx.createTableIfMissing("broken", "(id int primary key, name no_such_type)")),
                    UPGRADE_ID, "createTableIfMissing", "broken");
            assertNamed(assertThrows(SQLException.class,
                            () -> ctx.createIndexIfMissing("customer", "customer_x_ix", "no_such_column")),
                    UPGRADE_ID, "createIndexIfMissing", "customer.customer_x_ix");
            assertNamed(assertThrows(SQLException.class,
                            () -> ctx.execute("alter table customer add column broken no_such_type")),
                    UPGRADE_ID, "execute", "alter table customer add column broken no_such_type");

            // Nothing half-made, and the connection is still good for the next step.
            assertFalse(ctx.columnExists("customer", "phone"));
            assertFalse(ctx.tableExists("broken"));
            assertFalse(ctx.indexExists("customer", "customer_x_ix"));
            ctx.addColumnIfMissing("customer", "phone", "varchar(32) null");
            assertTrue(ctx.columnExists("customer", "phone"));
        }
    }

    /** The wrapper names upgrade, step and object, and keeps the engine's SQLState, code and message. */
    static void assertNamed(SQLException e, String upgradeId, String step, String object) {
        String message = e.getMessage();
        assertTrue(message.contains(upgradeId), message);
        assertTrue(message.contains(step + " " + object), message);
        SQLException cause = assertInstanceOf(SQLException.class, e.getCause(), message);
        assertTrue(message.contains(cause.getMessage()), message);
        assertNotNull(e.getSQLState(), message);
        assertEquals(cause.getSQLState(), e.getSQLState());
        assertEquals(cause.getErrorCode(), e.getErrorCode());
    }

    // ---------------------------------------------------------------- dialect

    @Test
    void dialectOfTheConnectionNamesTheServer() throws SQLException {
        String version = queryString(connection, "select version()").toLowerCase(Locale.ROOT);
        Dialect expected = engine() == Engine.POSTGRESQL ? Dialect.POSTGRESQL
                : version.contains("mariadb") ? Dialect.MARIADB : Dialect.MYSQL;
        assertEquals(expected, Dialect.of(connection));
        try (JdbcUpgradeContext ctx = open()) {
            assertSame(connection, ctx.connection());
            assertEquals(expected, ctx.dialect());
        }
        assertFalse(connection.isClosed(), "the connection belongs to the caller");
    }

    // ---------------------------------------------------------------- support

    JdbcUpgradeContext open() throws SQLException {
        return open(LOCK_TIMEOUT, UPGRADE_ID);
    }

    JdbcUpgradeContext open(Duration lockTimeout, String upgradeId) throws SQLException {
        return JdbcUpgradeContext.open(connection, dialect, lockTimeout, upgradeId);
    }

    /** Another connection to the test database, closed after the test. */
    Connection anotherConnection() throws SQLException {
        Connection other = db.connect();
        others.add(other);
        return other;
    }

    CatalogSnapshot catalog() throws SQLException {
        return CatalogSnapshot.take(connection);
    }

    /** The name quoted the engine's way, for SQL the test writes itself. */
    String quote(String name) {
        return Identifier.quote(name, dialect);
    }

    void sql(String... statements) throws SQLException {
        sql(connection, statements);
    }

    static void sql(Connection on, String... statements) throws SQLException {
        try (Statement st = on.createStatement()) {
            for (String statement : statements) {
                st.execute(statement);
            }
        }
    }

    static String queryString(Connection on, String query) throws SQLException {
        try (Statement st = on.createStatement(); ResultSet rs = st.executeQuery(query)) {
            assertTrue(rs.next(), "no row from " + query);
            return rs.getString(1);
        }
    }

    /** Starts {@code task} on a background thread, ended after the test. */
    <T> Future<T> inBackground(Callable<T> task) {
        if (background == null) {
            background = Executors.newCachedThreadPool(r -> {
                Thread thread = new Thread(r, "upgrade-context-test");
                thread.setDaemon(true);
                return thread;
            });
        }
        return background.submit(task);
    }

    /**
     * Runs {@code blocked}, which waits for a lock {@code holder}'s transaction holds, and returns the
     * SQLException it must end with. If it waits longer than {@link #HANG}, the holder rolls back so
     * nothing hangs, and the test fails: the lock timeout was not applied.
     */
    SQLException failsBlocked(Connection holder, Executable blocked) throws Exception {
        Future<Throwable> outcome = inBackground(() -> {
            try {
                blocked.execute();
                return null;
            } catch (Throwable t) {
                return t;
            }
        });
        Throwable thrown;
        try {
            thrown = outcome.get(HANG.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            holder.rollback();
            return fail("still waiting for the lock after " + HANG + ": the lock timeout was not applied");
        } catch (ExecutionException e) {
            throw new AssertionError(e.getCause());
        }
        if (thrown == null) {
            return fail("expected a lock timeout, but the statement succeeded while another transaction held the lock");
        }
        return assertInstanceOf(SQLException.class, thrown);
    }

    private static void closeQuietly(Connection c) {
        try {
            if (c != null) {
                c.close();
            }
        } catch (SQLException ignored) {
            // the test database is dropped next anyway
        }
    }
}
