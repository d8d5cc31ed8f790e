package dev.schemahealer.sample;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The service's way to the database: a statement in autocommit, or a unit of work in one
 * transaction. There is no retry: with the agent, a schema the release has not met yet costs a
 * slower request, never an error, so the service needs none (the demo checks that no request failed).
 */
public final class Database {

    /** The work of one request on one connection. */
    public interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

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

    /** Runs {@code work} in one transaction and commits it; on any failure rolls it back and rethrows. */
    public <T> T inTransaction(Work<T> work) throws SQLException {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                T result = work.run(c);
                c.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
            // No setAutoCommit(true) on the way out: HikariCP restores it when the connection returns.
        }
    }

    private static void rollback(Connection c, Exception cause) {
        try {
            c.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
