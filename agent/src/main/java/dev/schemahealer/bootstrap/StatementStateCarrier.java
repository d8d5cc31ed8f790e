package dev.schemahealer.bootstrap;

/**
 * Added to a driver's topmost {@code Statement} class when the agent weaves it at first load: a
 * field holding what the agent knows of that statement (its SQL, what was bound). In the bootstrap
 * loader, so every driver's class loader sees the same interface.
 */
public interface StatementStateCarrier {

    Object schemahealer$statementState();

    void schemahealer$statementState(Object state);
}
