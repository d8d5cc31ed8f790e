package dev.schemahealer.agent;

import java.lang.ref.WeakReference;

/**
 * What the agent knows of one driver statement, kept in {@link VirtualField#STATEMENT}: the SQL it
 * was prepared with, whether a stream was bound to it, and the last failure the agent let through.
 * A statement is used by one thread at a time (JDBC), so the fields need no lock.
 *
 * <p>A statement whose only state is its SQL keeps the SQL string itself in the field: capturing it
 * at {@code prepareStatement} allocates nothing.
 */
final class StatementState {

    private final String sql;
    private boolean streamBound;
    /** Weak: the exception (its message may carry row data) must not outlive its call. */
    private WeakReference<Throwable> declined;

    private StatementState(String sql) {
        this.sql = sql;
    }

    /** {@code Connection.prepareStatement(sql)} (or {@code prepareCall}) returned {@code statement}. */
    static void prepared(Object statement, String sql) {
        VirtualField.STATEMENT.set(statement, sql);
    }

    /** The SQL the statement was prepared with, or {@code null} if the agent did not see it prepared. */
    static String preparedSql(Object statement) {
        Object v = VirtualField.STATEMENT.get(statement);
        return v instanceof StatementState s ? s.sql : (String) v;
    }

    /** A stream or reader was bound: the driver reads it once, so the statement cannot run again. */
    static void streamBound(Object statement) {
        state(statement).streamBound = true;
    }

    static boolean isStreamBound(Object statement) {
        return VirtualField.STATEMENT.get(statement) instanceof StatementState s && s.streamBound;
    }

    /**
     * The agent let {@code thrown} through. Drivers call one woven execute method from another
     * (Connector/J's executeUpdate calls executeLargeUpdate): the outer call sees the same exception
     * object and must not handle it again.
     */
    static void declined(Object statement, Throwable thrown) {
        state(statement).declined = new WeakReference<>(thrown);
    }

    static boolean wasDeclined(Object statement, Throwable thrown) {
        return VirtualField.STATEMENT.get(statement) instanceof StatementState s
                && s.declined != null && s.declined.get() == thrown;
    }

    private static StatementState state(Object statement) {
        Object v = VirtualField.STATEMENT.get(statement);
        if (v instanceof StatementState s) {
            return s;
        }
        StatementState s = new StatementState((String) v);
        VirtualField.STATEMENT.set(statement, s);
        return s;
    }
}
