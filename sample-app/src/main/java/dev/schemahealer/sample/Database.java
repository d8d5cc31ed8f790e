package dev.schemahealer.sample;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's way to the database: a statement in autocommit, or a unit of work in a
 * transaction that is retried once when {@link RetryPolicy} says so.
 */
public final class Database {

    /** The work of one request on one connection. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private static final Logger LOG = LoggerFactory.getLogger(Database.class);
    /**
     * A retry per object the work misses (the agent heals what each miss needs, completed before
     * rollback returns; a transaction surfaces one miss per attempt), bounded; the same failure twice
     * in a row is not retried again.
     */
    private static final int ATTEMPTS = 4;

    private final DataSource dataSource;

    public Database(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Runs {@code work} in autocommit: each statement stands alone. */
    public <T> T autocommit(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            return work.run(c);
        }
    }

    /**
     * Runs {@code work} in one transaction and commits it. On failure the transaction is rolled
     * back, so nothing of a failed attempt remains; a failure worth retrying runs the whole work
     * once more, on a fresh connection. {@code work} must therefore do nothing outside the database
     * that it cannot repeat.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        String previous = null;
        for (int attempt = 1; ; attempt++) {
            try (Connection c = dataSource.getConnection()) {
                c.setAutoCommit(false);
                try {
                    T result = work.run(c);
                    c.commit();
                    return result;
                } catch (SQLException | RuntimeException e) {
                    rollback(c, e);
                    String failure = describe(e);
                    if (attempt >= ATTEMPTS || !RetryPolicy.worthRetrying(e) || failure.equals(previous)) {
                        throw e;
                    }
                    previous = failure;
                    LOG.info("transaction failed ({}), rolled back; retrying", describe(e));
                }
                // No setAutoCommit(true) on the way out: HikariCP restores it when the connection returns.
            }
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }

    private static String describe(Exception e) {
        if (e instanceof SQLException s) {
            return "SQLState " + s.getSQLState() + ", code " + s.getErrorCode() + ": " + firstLine(s.getMessage());
        }
        return e.toString();
    }

    private static String firstLine(String message) {
        if (message == null) {
            return "";
        }
        int nl = message.indexOf('\n');
        return nl < 0 ? message : message.substring(0, nl);
    }
}
