package dev.schemahealer.agent;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A value per class loader (an application's upgrades, its SLF4J logger, the places its driver
 * connects to) that never keeps the loader alive, so an undeployed web application's loader is
 * collected although the agent outlives it.
 *
 * <p>The loader is a weak key. A value that references classes of that very loader (its upgrade
 * instances, its logger) would keep the key alive through the map, so such a value is held by a
 * class the loader defined (its {@link ClassValue}, which lives inside that class) and the map holds
 * it weakly: loader, classes and value become unreachable together. Only the failure path (a miss,
 * a log line) reaches this class, so one monitor is enough.
 */
final class LoaderLocal<V> {

    /** Values kept alive by a class of their loader; the list lives in the class, not in the agent. */
    private static final ClassValue<List<Object>> KEPT_BY = new ClassValue<>() {
        @Override
        protected List<Object> computeValue(Class<?> type) {
            return new CopyOnWriteArrayList<>();
        }
    };

    /** The value itself, or a {@link WeakReference} to it when a class of the loader keeps it. */
    private final Map<ClassLoader, Object> values = new WeakHashMap<>();

    /** The value for {@code loader} ({@code null}: the bootstrap loader), or {@code null}. */
    @SuppressWarnings("unchecked")
    synchronized V get(ClassLoader loader) {
        Object v = values.get(loader);
        return (V) (v instanceof WeakReference<?> ref ? ref.get() : v);
    }

    /**
     * Sets the value for {@code loader} unless one is there; returns the one that stays.
     *
     * @param anchor a class {@code loader} defined, when {@code value} references classes of
     *               {@code loader}; {@code null} when it references only classes of the loader's
     *               ancestors or the agent's (then it is held directly)
     */
    synchronized V putIfAbsent(ClassLoader loader, V value, Class<?> anchor) {
        V existing = get(loader);
        if (existing != null) {
            return existing;
        }
        if (anchor != null) {
            if (anchor.getClassLoader() != loader) {
                throw new IllegalArgumentException(anchor + " was not defined by " + loader);
            }
            KEPT_BY.get(anchor).add(value);
            values.put(loader, new WeakReference<>(value));
        } else {
            values.put(loader, value);
        }
        return value;
    }
}
