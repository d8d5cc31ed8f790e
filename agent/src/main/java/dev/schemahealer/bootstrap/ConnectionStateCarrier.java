package dev.schemahealer.bootstrap;

/**
 * Added to a driver's topmost {@code Connection} class when the agent weaves it at first load: a
 * field holding what the agent knows of that connection (its schema, a heal owed to it).
 */
public interface ConnectionStateCarrier {

    Object schemahealer$connectionState();

    void schemahealer$connectionState(Object state);
}
