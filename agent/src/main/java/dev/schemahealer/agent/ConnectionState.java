package dev.schemahealer.agent;

/**
 * What the agent knows of one driver connection, kept in {@link VirtualField#CONNECTION}; created
 * on the first failure that needs it, so a connection that never fails has none. A connection can
 * be touched by several threads (a pool's housekeeping closes it), so the fields are volatile and
 * the owed heal changes under this object's own monitor (never a lock the driver or anyone else uses).
 */
final class ConnectionState {

    /** The current schema the connection last reported (PostgreSQL): an aborted transaction cannot answer. */
    volatile String schema;
    private volatile OwedHeal owed;

    /** The connection's state, created if it has none. */
    static ConnectionState of(Object connection) {
        return VirtualField.CONNECTION.computeIfAbsent(connection, c -> new ConnectionState());
    }

    /** The connection's state, or {@code null}: costs a field read where the driver class took one. */
    static ConnectionState peek(Object connection) {
        return VirtualField.CONNECTION.get(connection);
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
