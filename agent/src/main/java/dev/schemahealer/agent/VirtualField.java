package dev.schemahealer.agent;

import dev.schemahealer.bootstrap.ConnectionStateCarrier;
import dev.schemahealer.bootstrap.StatementStateCarrier;
import java.util.function.Function;

/**
 * A field the agent adds to driver objects, after OpenTelemetry's {@code VirtualField}: semantics
 * of a map with weak identity keys, without a map where possible. Driver classes loaded after the
 * agent started get a real field ({@link FieldInjector}); the others (loaded before a dynamic
 * attach, or whose superclass could not take one) fall back to a {@link WeakIdentityMap}.
 * Either way: no global lock, nothing kept alive by the agent.
 *
 * <p>One field per kind of object; its value is whatever the owner's state class puts there
 * ({@link StatementState}, {@link ConnectionState}).
 */
abstract class VirtualField<V> {

    /** What the agent knows of a driver statement. */
    static final VirtualField<Object> STATEMENT = new VirtualField<>() {
        @Override
        Object get(Object owner) {
            return owner instanceof StatementStateCarrier c ? c.schemahealer$statementState() : fallback.get(owner);
        }

        @Override
        void set(Object owner, Object value) {
            if (owner instanceof StatementStateCarrier c) {
                c.schemahealer$statementState(value);
            } else {
                fallback.put(owner, value);
            }
        }
    };

    /** What the agent knows of a driver connection. */
    static final VirtualField<ConnectionState> CONNECTION = new VirtualField<>() {
        @Override
        ConnectionState get(Object owner) {
            return owner instanceof ConnectionStateCarrier c
                    ? (ConnectionState) c.schemahealer$connectionState() : fallback.get(owner);
        }

        @Override
        void set(Object owner, ConnectionState value) {
            if (owner instanceof ConnectionStateCarrier c) {
                c.schemahealer$connectionState(value);
            } else {
                fallback.put(owner, value);
            }
        }
    };

    /** Striped locks for {@link #computeIfAbsent}: only taken when an owner gets its value for the first time. */
    private static final Object[] STRIPES = new Object[64];

    static {
        for (int i = 0; i < STRIPES.length; i++) {
            STRIPES[i] = new Object();
        }
    }

    final WeakIdentityMap<V> fallback = new WeakIdentityMap<>();

    private VirtualField() {
    }

    /** The owner's value, or {@code null}. */
    abstract V get(Object owner);

    /** Sets (or with {@code null} clears) the owner's value. */
    abstract void set(Object owner, V value);

    /**
     * The owner's value, created once if absent. Two threads creating it at once for the same
     * owner get the same value: creation takes one of a few striped locks, never a global one, and
     * never a lock the driver uses.
     */
    V computeIfAbsent(Object owner, Function<Object, V> create) {
        V v = get(owner);
        if (v != null) {
            return v;
        }
        synchronized (STRIPES[System.identityHashCode(owner) & (STRIPES.length - 1)]) {
            v = get(owner);
            if (v == null) {
                v = create.apply(owner);
                set(owner, v);
            }
            return v;
        }
    }
}
