package dev.schemahealer.sample;

import java.sql.SQLException;
import java.util.Set;

/**
 * Which failures of a transaction are worth running it once more, from the start.
 *
 * <p>Two kinds: the classic transient ones (serialization failures and deadlocks), and a statement
 * that missed a schema object. With the schemahealer agent, a miss inside a transaction surfaces
 * its original error once, and the agent completes the upgrade before {@code rollback()} returns,
 * so the second attempt finds the schema complete. Without the agent the second attempt fails the
 * same way and its error reaches the caller: one wasted round trip, nothing else.
 *
 * <p>A {@link java.sql.BatchUpdateException} carries the statement's error as its cause or its next
 * exception, depending on the driver; both chains are searched.
 */
public final class RetryPolicy {

    /** PostgreSQL SQLStates. */
    private static final Set<String> PG_STATES = Set.of(
            "40001", // serialization_failure
            "40P01", // deadlock_detected
            "42703", // undefined_column
            "42P01", // undefined_table
            "42883", // undefined_function
            "23502", // not_null_violation: a NOT NULL column release 2 no longer writes
            // "cached plan must not change result type": a pooled connection's prepared statement
            // outlived a DDL on its table; pgjdbc prepares it afresh on the next attempt.
            "0A000");

    /** MySQL and MariaDB error numbers. */
    private static final Set<Integer> MYSQL_CODES = Set.of(
            1213, // ER_LOCK_DEADLOCK
            1054, // ER_BAD_FIELD_ERROR: unknown column
            1146, // ER_NO_SUCH_TABLE
            1305, // ER_SP_DOES_NOT_EXIST
            1364, // ER_NO_DEFAULT_FOR_FIELD: a NOT NULL column release 2 no longer writes
            1048); // ER_BAD_NULL_ERROR

    private RetryPolicy() {
    }

    public static boolean worthRetrying(Throwable failure) {
        // Bounded walk: a cycle in a driver's exception chain must not hang the request.
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 16; depth++) {
            if (t instanceof SQLException e) {
                if (matches(e)) {
                    return true;
                }
                SQLException next = e.getNextException();
                if (next != null && next != e && matches(next)) {
                    return true;
                }
            }
            t = t.getCause() == t ? null : t.getCause();
        }
        return false;
    }

    private static boolean matches(SQLException e) {
        // PostgreSQL reports no vendor code (0); MySQL's codes are unique across SQLStates.
        return (e.getErrorCode() != 0 && MYSQL_CODES.contains(e.getErrorCode()))
                || (e.getErrorCode() == 0 && e.getSQLState() != null && PG_STATES.contains(e.getSQLState()));
    }
}
