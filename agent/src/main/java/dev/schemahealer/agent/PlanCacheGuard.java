package dev.schemahealer.agent;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps our own DDL from breaking other PostgreSQL transactions.
 *
 * <p>After an {@code ALTER}, a warm server-prepared statement on another pgjdbc connection fails
 * with {@code 0A000 cached plan must not change result type} (or {@code 26000}); pgjdbc re-prepares
 * by itself in autocommit, but inside a transaction the error aborts it, and HikariCP evicts the
 * connection. pgjdbc heals this itself when the connection runs with {@code autosave=conservative}
 * (a savepoint before each statement, rolled back and retried only for exactly these errors).
 *
 * <p>So: when a heal is about to change a PostgreSQL database, every live application connection
 * to it that runs with {@code autosave=never} is switched to {@code conservative}. Until the first
 * heal this costs nothing; after it, the savepoints cost only on connections opened before the
 * change, which a pool retires over time. Connections opened later prepare against the new schema.
 */
final class PlanCacheGuard {

    private final Map<String, Set<Object>> live = new ConcurrentHashMap<>();

    /** A pgjdbc connection was opened to {@code url}. */
    void register(String url, Object connection) {
        if (connection.getClass().getName().startsWith("org.postgresql.")) {
            Set<Object> set = live.computeIfAbsent(url, u -> Collections.synchronizedSet(
                    Collections.newSetFromMap(new WeakHashMap<>())));
            set.add(connection);
        }
    }

    /** Switches the live connections to {@code url} from {@code autosave=never} to {@code conservative}. */
    int protect(String url) {
        Set<Object> set = live.get(url);
        if (set == null) {
            return 0;
        }
        List<Object> connections;
        synchronized (set) {
            connections = new ArrayList<>(set);
        }
        int switched = 0;
        for (Object c : connections) {
            if (switchToConservative(c)) {
                switched++;
            }
        }
        if (switched > 0) {
            // It costs a savepoint per statement in their transactions: say so when it happens.
            Log.info("switched " + switched + " live pgjdbc connection(s) to " + Secrets.maskUrl(url)
                    + " from autosave=never to conservative, so that their cached plans survive our DDL"
                    + " (a savepoint per statement in their transactions until the pool retires them)");
        }
        return switched;
    }

    /** {@code PGConnection.setAutosave(AutoSave.CONSERVATIVE)}, by reflection: pgjdbc is the application's. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static boolean switchToConservative(Object connection) {
        try {
            Method get = connection.getClass().getMethod("getAutosave");
            Object current = get.invoke(connection);
            if (current == null || !"NEVER".equals(((Enum<?>) current).name())) {
                return false;
            }
            Class<? extends Enum> type = (Class<? extends Enum>) current.getClass();
            Method set = connection.getClass().getMethod("setAutosave", type);
            set.invoke(connection, Enum.valueOf(type, "CONSERVATIVE"));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** {@code autosave=always}: pgjdbc rolls a failed statement back to its own savepoint. */
    static boolean autosaveAlways(Object connection) {
        try {
            Object mode = connection.getClass().getMethod("getAutosave").invoke(connection);
            return mode != null && "ALWAYS".equals(((Enum<?>) mode).name());
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** The errors a stale server-prepared statement raises after a schema change. */
    static boolean isStalePlan(java.sql.SQLException e) {
        String state = e.getSQLState();
        return "0A000".equals(state) && e.getMessage() != null && e.getMessage().contains("cached plan")
                || "26000".equals(state);
    }
}
