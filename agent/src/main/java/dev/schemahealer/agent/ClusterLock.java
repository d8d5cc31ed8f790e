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
 * The lock that makes a heal happen once across every instance: a session-level
 * {@code pg_advisory_lock} or {@code GET_LOCK}, held by the dedicated connection. If the process
 * dies, the database drops the lock with the connection, so nobody waits for a dead instance.
 */
final class ClusterLock implements AutoCloseable {

    private final Connection connection;
    private final Dialect dialect;
    private final String name;

    private ClusterLock(Connection connection, Dialect dialect, String name) {
        this.connection = connection;
        this.dialect = dialect;
        this.name = name;
    }

    /**
     * Waits up to {@code wait} for the lock named after the ledger's database, schema and table.
     *
     * @throws SQLException with SQLState {@code 55P03} when the wait runs out
     */
    static ClusterLock acquire(Connection c, Dialect dialect, String ledgerTable, Duration wait) throws SQLException {
        String scope;
        try (PreparedStatement ps = c.prepareStatement(dialect == Dialect.POSTGRESQL
                ? "select current_database() || '.' || current_schema()" : "select database()");
             ResultSet rs = ps.executeQuery()) {
            rs.next();
            scope = rs.getString(1);
        }
        String name = "schemahealer:" + scope + ":" + ledgerTable;
        boolean locked;
        if (dialect == Dialect.POSTGRESQL) {
            locked = postgresLock(c, key(name), wait);
        } else {
            // GET_LOCK names are limited to 64 characters.
            String lockName = name.length() <= 64 ? name : "schemahealer:" + Long.toHexString(key(name));
            try (PreparedStatement ps = c.prepareStatement("select get_lock(?, ?)")) {
                ps.setString(1, lockName);
                ps.setLong(2, Math.max(1, (wait.toMillis() + 999) / 1000));
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    locked = rs.getInt(1) == 1;
                }
            }
            name = lockName;
        }
        if (!locked) {
            throw new SQLException("timed out after " + wait.toMillis() + " ms waiting for the heal lock " + name
                    + " (another instance is healing; raise lock.wait if upgrades take longer)", "55P03");
        }
        return new ClusterLock(c, dialect, name);
    }

    /**
     * Polls {@code pg_try_advisory_lock} instead of waiting in {@code pg_advisory_lock}: a statement
     * waiting for the lock holds a snapshot, and {@code CREATE INDEX CONCURRENTLY} run by the lock's
     * holder waits for every snapshot to go away: a deadlock between two instances.
     */
    private static boolean postgresLock(Connection c, long key, Duration wait) throws SQLException {
        long deadline = System.nanoTime() + wait.toNanos();
        long pause = 5;
        try (PreparedStatement ps = c.prepareStatement("select pg_try_advisory_lock(?)")) {
            ps.setLong(1, key);
            while (true) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getBoolean(1)) {
                        return true;
                    }
                }
                if (System.nanoTime() - deadline >= 0) {
                    return false;
                }
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
                pause = Math.min(100, pause * 2);
            }
        }
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

    @Override
    public void close() throws SQLException {
        if (connection.isClosed()) {
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
