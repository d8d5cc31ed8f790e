package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The lock that makes a heal happen once across every instance, named after the ledger's database,
 * schema and table. Two scopes:
 *
 * <ul>
 *   <li>{@link #inTransaction}: PostgreSQL {@code pg_try_advisory_xact_lock}, held by the open
 *       transaction of the heal connection and released by its commit or rollback. A transaction
 *       stays on one server session even behind a transaction-mode pooler, so this lock, the ledger
 *       re-read, the upgrade and its ledger row are one unit wherever the connection goes.</li>
 *   <li>{@link #forSession}: {@code pg_try_advisory_lock} / {@code GET_LOCK}, held by the session,
 *       for work that cannot run in a transaction (MySQL DDL, a PostgreSQL online index build).
 *       Only used where the session stays with the connection (see {@link UpgradeRunner.Sessions}).</li>
 * </ul>
 *
 * Both are dropped by the database when the process dies. Session and transaction advisory locks on
 * one key exclude each other, so both protocols can run side by side.
 */
final class ClusterLock implements AutoCloseable {

    private final Connection connection;
    private final Dialect dialect;
    private final String name;
    private final boolean session;

    private ClusterLock(Connection connection, Dialect dialect, String name, boolean session) {
        this.connection = connection;
        this.dialect = dialect;
        this.name = name;
        this.session = session;
    }

    /**
     * PostgreSQL: waits up to {@code wait} for the lock in a transaction of {@code c} (autocommit
     * off), after setting the transaction's search path. The transaction stays open; the caller
     * commits or rolls back, which releases the lock.
     *
     * <p>Polls instead of waiting in {@code pg_advisory_xact_lock}: a statement waiting for the lock
     * holds a snapshot, and a {@code CREATE INDEX CONCURRENTLY} of the lock's holder waits for every
     * snapshot to go away (a deadlock between two instances). Each failed attempt is rolled back, so
     * between attempts this connection holds nothing and no server session.
     *
     * @param searchPath the application connection's search path, or {@code null} for the connection's own
     * @throws SQLException with SQLState {@code 55P03} when the wait runs out
     */
    static ClusterLock inTransaction(Connection c, String ledgerTable, Duration wait, String searchPath)
            throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        String name = null;
        while (true) {
            setSearchPath(c, searchPath, true);
            if (name == null) {
                name = name(c, Dialect.POSTGRESQL, ledgerTable);
            }
            if (queryBoolean(c, "select pg_try_advisory_xact_lock(?)", key(name))) {
                return new ClusterLock(c, Dialect.POSTGRESQL, name, false);
            }
            c.rollback();
            pause = pauseOrTimeOut(deadline, pause, wait, name);
        }
    }

    /**
     * Waits up to {@code wait} for the session lock on {@code c} (autocommit). PostgreSQL: sets the
     * session's search path first, and polls for the reason given at {@link #inTransaction}.
     *
     * @throws SQLException with SQLState {@code 55P03} when the wait runs out
     */
    static ClusterLock forSession(Connection c, Dialect dialect, String ledgerTable, Duration wait, String searchPath)
            throws SQLException {
        if (dialect == Dialect.POSTGRESQL) {
            setSearchPath(c, searchPath, false);
            String name = name(c, dialect, ledgerTable);
            long deadline = System.nanoTime() + wait.toNanos();
            long pause = 5;
            while (!queryBoolean(c, "select pg_try_advisory_lock(?)", key(name))) {
                pause = pauseOrTimeOut(deadline, pause, wait, name);
            }
            return new ClusterLock(c, dialect, name, true);
        }
        String name = name(c, dialect, ledgerTable);
        // GET_LOCK names are limited to 64 characters.
        String lockName = name.length() <= 64 ? name : "schemahealer:" + Long.toHexString(key(name));
        boolean locked;
        try (PreparedStatement ps = c.prepareStatement("select get_lock(?, ?)")) {
            ps.setString(1, lockName);
            ps.setLong(2, Math.max(1, (wait.toMillis() + 999) / 1000));
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                locked = rs.getInt(1) == 1;
            }
        }
        if (!locked) {
            throw timedOut(wait, lockName);
        }
        return new ClusterLock(c, dialect, lockName, true);
    }

    private static String name(Connection c, Dialect dialect, String ledgerTable) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(dialect == Dialect.POSTGRESQL
                ? "select current_database() || '.' || current_schema()" : "select database()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            return "schemahealer:" + rs.getString(1) + ":" + ledgerTable;
        }
    }

    /**
     * The application connection's full search path, so unqualified names resolve as the
     * application's statements resolve them ({@code set_config} takes it as one parameter, quoted
     * exactly as {@code SHOW search_path} printed it).
     */
    private static void setSearchPath(Connection c, String searchPath, boolean local) throws SQLException {
        if (searchPath == null) {
            return;
        }
        try (PreparedStatement ps = c.prepareStatement("select set_config('search_path', ?, " + local + ")")) {
            ps.setString(1, searchPath);
            ps.execute();
        }
    }

    private static boolean queryBoolean(Connection c, String sql, long key) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setLong(1, key);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static long pauseOrTimeOut(long deadline, long pause, Duration wait, String name) throws SQLException {
        if (System.nanoTime() - deadline >= 0) {
            throw timedOut(wait, name);
        }
        try {
            Thread.sleep(pause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the heal lock " + name, "55P03", e);
        }
        return Math.min(100, pause * 2);
    }

    private static SQLException timedOut(Duration wait, String name) {
        return new SQLException("timed out after " + wait.toMillis() + " ms waiting for the heal lock " + name
                + " (another instance is healing; raise lock.wait if upgrades take longer)", "55P03");
    }

    /** A stable 64-bit key for a lock name. */
    static long key(String name) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(name.getBytes(StandardCharsets.UTF_8));
            long key = 0;
            for (int i = 0; i < 8; i++) {
                key = (key << 8) | (digest[i] & 0xff);
            }
            return key;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Releases a session lock; a transaction lock goes with the caller's commit or rollback. */
    @Override
    public void close() throws SQLException {
        if (!session || connection.isClosed()) {
            return;
        }
        if (dialect == Dialect.POSTGRESQL) {
            try (PreparedStatement ps = connection.prepareStatement("select pg_advisory_unlock(?)")) {
                ps.setLong(1, key(name));
                ps.execute();
            }
        } else {
            try (PreparedStatement ps = connection.prepareStatement("select release_lock(?)")) {
                ps.setString(1, name);
                ps.execute();
            }
        }
    }
}
