package dev.schemahealer.bootstrap;

import java.util.Properties;

/**
 * The one class that woven driver code calls. The agent puts it on the bootstrap class path, so
 * every class loader that can load a JDBC driver (an application server's, a fat jar's) sees the
 * same class; it uses only {@code java.base} types for the same reason ({@code java.sql} is not
 * visible to the bootstrap loader).
 *
 * <p>Until the agent installs its implementation, every hook answers "do nothing".
 */
public abstract class Hooks {

    private static volatile Hooks installed;

    public static void install(Hooks hooks) {
        installed = hooks;
    }

    /** Whether an engine answers the hooks. */
    public static boolean isInstalled() {
        return installed != null;
    }

    /**
     * A statement's execute method (named {@code method}; {@code sql} is its SQL argument, or
     * {@code null} for a prepared statement) threw. Returns a non-null token to run the method again (the
     * advice passes it back on the next failure of the same call), or {@code null} to let the
     * exception through unchanged.
     */
    public static Object statementFailed(Object statement, String method, Object sql, Throwable thrown, Object token) {
        Hooks h = installed;
        return h == null ? null : h.onStatementFailure(statement, method, sql, thrown, token);
    }

    /** {@code Connection.prepareStatement(sql)} or {@code prepareCall(sql)} returned {@code statement}. */
    public static void statementPrepared(Object statement, String sql) {
        Hooks h = installed;
        if (h != null) {
            h.onStatementPrepared(statement, sql);
        }
    }

    /** A stream or LOB reader was bound to a prepared statement: a second execution would read it at its end. */
    public static void streamBound(Object statement) {
        Hooks h = installed;
        if (h != null) {
            h.onStreamBound(statement);
        }
    }

    /** A driver opened a connection: remember how, so an upgrade can open its own. */
    public static void connected(Object driver, String url, Properties info, Object connection) {
        Hooks h = installed;
        if (h != null) {
            h.onConnect(driver, url, info, connection);
        }
    }

    /** MariaDB Connector/J's static {@code Driver.connect(Configuration)} opened a connection (its DataSource's way). */
    public static void connectedWith(Object configuration, Object connection) {
        Hooks h = installed;
        if (h != null) {
            h.onConnectWith(configuration, connection);
        }
    }

    /** {@code Connection.setSchema(schema)} returned: where the connection's unqualified names now resolve. */
    public static void schemaSet(Object connection, String schema) {
        Hooks h = installed;
        if (h != null) {
            h.onSchemaSet(connection, schema);
        }
    }

    /** The application's transaction on {@code connection} ended (commit, rollback, close, autocommit on). */
    public static void transactionEnded(Object connection) {
        Hooks h = installed;
        if (h != null) {
            h.onTransactionEnd(connection);
        }
    }

    /**
     * {@code setAutoCommit(false)} is about to start a transaction on {@code connection}, or an
     * autocommit batch is about to run ({@code statement}): units the agent cannot run again, so
     * a database's pending upgrades are applied first. Once nothing is pending, one volatile read.
     */
    public static void unitStarting(Object connection, Object statement) {
        Hooks h = installed;
        if (h != null) {
            h.onUnitStart(connection, statement);
        }
    }

    /** {@code ResultSet.findColumn(label)} threw: the getters by label use it. */
    public static void columnLookupFailed(Object resultSet, String label, Throwable thrown) {
        Hooks h = installed;
        if (h != null) {
            h.onColumnLookupFailure(resultSet, label, thrown);
        }
    }

    protected abstract Object onStatementFailure(Object statement, String method, Object sql, Throwable thrown,
                                                 Object token);

    protected abstract void onStreamBound(Object statement);

    /** Does nothing unless overridden. */
    protected void onStatementPrepared(Object statement, String sql) {
    }

    protected abstract void onConnect(Object driver, String url, Properties info, Object connection);

    protected void onConnectWith(Object configuration, Object connection) {
    }

    protected void onSchemaSet(Object connection, String schema) {
    }

    protected abstract void onTransactionEnd(Object connection);

    /** {@code statement} is {@code null} for a transaction, the batch's statement otherwise. */
    protected abstract void onUnitStart(Object connection, Object statement);

    protected abstract void onColumnLookupFailure(Object resultSet, String label, Throwable thrown);
}
