package dev.schemahealer.agent;

/**
 * What the agent knows of one driver connection, kept in {@link VirtualField#CONNECTION}: how it
 * was opened (set when the driver opened it, so the heal connection can be opened the same way) and
 * which schema and search path it works in (PostgreSQL: what the application set with
 * {@code setSchema} or the URL's {@code currentSchema}, or what the connection last reported; an
 * aborted transaction cannot answer), and the heal owed to its transaction. A connection opened
 * before the agent came gets one on its first failure. A connection can
 * be touched by several threads (a pool's housekeeping closes it), so the fields are volatile and
 * the owed heal changes under this object's own monitor (never a lock the driver or anyone else uses).
 */
final class ConnectionState {

    /** How the connection was opened; {@code null}: before the agent was attached. */
    volatile ConnectionRecipe recipe;
    /** PostgreSQL: the current schema, as far as known. */
    volatile String schema;
    /** PostgreSQL: the whole search path, as far as known. */
    volatile String searchPath;
    /** Where heal ahead looks before a transaction or batch starts here; {@code null}: not tracked. */
    volatile Target aheadTarget;
    private volatile OwedHeal owed;

    /** The connection's state, created if it has none. */
    static ConnectionState of(Object connection) {
        return VirtualField.CONNECTION.computeIfAbsent(connection, c -> new ConnectionState());
    }

    /** The connection's state, or {@code null}: costs a field read where the driver class took one. */
    static ConnectionState peek(Object connection) {
        return VirtualField.CONNECTION.get(connection);
    }

    /** Sets what the connection works in; {@code searchPath == null}: the schema alone (pgjdbc's {@code setSchema}). */
    void workIn(String schema, String searchPath) {
        this.searchPath = searchPath != null ? searchPath : schema == null ? null : '"' + schema.replace("\"", "\"\"") + '"';
        this.schema = schema;
    }

    /** Owes {@code heal} to the end of the transaction, merged with what is owed already. */
    synchronized void owe(OwedHeal heal) {
        OwedHeal previous = owed;
        owed = previous == null ? heal : previous.plus(heal.upgrades());
    }

    /** Whether a heal is owed; a volatile read, for the transaction-end hook's fast path. */
    boolean owes() {
        return owed != null;
    }

    /** The owed heal, now no longer owed, or {@code null}. */
    synchronized OwedHeal takeOwed() {
        OwedHeal heal = owed;
        owed = null;
        return heal;
    }
}
