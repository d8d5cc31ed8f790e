package dev.schemahealer.agent;

import java.sql.CallableStatement;

/**
 * Whether the agent may run a failed statement again: only when it knows the statement's SQL and
 * knows that running it again can only do what the failed call did not (it applied nothing).
 * Anything else is healed, never run again: the caller gets its error.
 */
enum RetrySafety {
    /** One statement, SQL known, nothing consumed: the failed call applied nothing. */
    SAFE,
    /** Both drivers discard a failed batch (a rerun runs nothing); a MySQL batch can be partly applied. */
    BATCH,
    /** A procedure call: it may have written (or committed) before the statement inside it failed. */
    CALL,
    /** Several statements in one string: the earlier ones may have applied. */
    SEVERAL_STATEMENTS,
    /** A stream or reader was bound: the driver read it to its end, a rerun would write it empty. */
    STREAM_BOUND,
    /** A prepared statement the agent did not see prepared (opened before an attach). */
    UNKNOWN_SQL;

    /**
     * @param method      the woven method that failed
     * @param sqlArgument the SQL passed to it ({@code execute(String)}), or {@code null} for the
     *                    no-argument forms of a prepared statement
     */
    static RetrySafety of(Object statement, String method, Object sqlArgument) {
        if (method.endsWith("Batch")) {
            return BATCH;
        }
        if (statement instanceof CallableStatement) {
            return CALL;
        }
        String sql = sqlArgument instanceof String s ? s : StatementState.preparedSql(statement);
        if (sql == null) {
            return UNKNOWN_SQL;
        }
        if (StatementState.isStreamBound(statement)) {
            return STREAM_BOUND;
        }
        if (SqlText.isCall(sql)) {
            return CALL;
        }
        return SqlText.hasSeveralStatements(sql) ? SEVERAL_STATEMENTS : SAFE;
    }

    boolean mayRunAgain() {
        return this == SAFE;
    }
}
