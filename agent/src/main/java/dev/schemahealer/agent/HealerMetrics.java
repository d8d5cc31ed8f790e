package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaUpgrade;
import java.lang.management.ManagementFactory;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.WeakHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.ToDoubleFunction;
import javax.management.ObjectName;

/**
 * The agent's counters, published as the JMX MBean {@value #OBJECT_NAME} and, when the application
 * has Micrometer, as meters in its global registry ({@code schemahealer.*}), read through
 * reflection so the agent depends on no Micrometer.
 *
 * <p>Only the failure path counts: the happy path never reaches this class. Nothing is registered
 * at start-up; the first miss publishes in a background thread (initialising JMX or the
 * application's Micrometer must not slow start-up, nor the request that missed).
 */
public final class HealerMetrics implements HealerMXBean {

    public static final String OBJECT_NAME = "dev.schemahealer:type=Healer";
    private static final HealerMetrics INSTANCE = new HealerMetrics();

    private final LongAdder misses = new LongAdder();
    private final LongAdder heals = new LongAdder();
    private final LongAdder retried = new LongAdder();
    private final LongAdder applied = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder observed = new LongAdder();
    private final LongAdder waited = new LongAdder();
    private final LongAdder waitedNanos = new LongAdder();
    private volatile long lastHealNanos;
    /**
     * The targets misses reached, with the ids of the code's upgrades for each; what they lack is
     * computed when read. Weak: a target and its driver go when the application is undeployed.
     */
    private final Map<Target, List<String>> pending = Collections.synchronizedMap(new WeakHashMap<>());
    private volatile boolean published;

    private HealerMetrics() {
    }

    public static HealerMetrics get() {
        return INSTANCE;
    }

    // ---- counting, on the failure path only ----

    /** A miss; publishes the metrics on the first, with the failing driver's loader for Micrometer. */
    void miss(ClassLoader applicationLoader) {
        misses.increment();
        if (!published) {
            publish(applicationLoader);
        }
    }

    void retried() {
        retried.increment();
    }

    void observed() {
        observed.increment();
    }

    /** A heal that applied {@code count} upgrades in {@code nanos}; 0 applied is no heal. */
    void healed(int count, long nanos) {
        if (count > 0) {
            heals.increment();
            applied.add(count);
            lastHealNanos = nanos;
        }
    }

    void failed() {
        failures.increment();
    }

    /** A request that waited for a heal since {@code startNanos}. */
    void waited(long startNanos) {
        waited.increment();
        waitedNanos.add(System.nanoTime() - startNanos);
    }

    /** A target a miss reached, with the upgrades the code has for it (their ids: no upgrade class is kept). */
    void seen(Target target, List<SchemaUpgrade> upgrades) {
        pending.put(target, HealService.ids(upgrades));
    }

    private static int lacking(Target target, List<String> ids) {
        int n = 0;
        for (String id : ids) {
            if (!target.applied.contains(id)) {
                n++;
            }
        }
        return n;
    }

    // ---- the MBean ----

    @Override
    public long getMisses() {
        return misses.sum();
    }

    @Override
    public long getHeals() {
        return heals.sum();
    }

    @Override
    public long getStatementsRetried() {
        return retried.sum();
    }

    @Override
    public long getUpgradesApplied() {
        return applied.sum();
    }

    @Override
    public long getUpgradeFailures() {
        return failures.sum();
    }

    @Override
    public long getObservedMisses() {
        return observed.sum();
    }

    @Override
    public long getRequestsWaited() {
        return waited.sum();
    }

    @Override
    public long getWaitedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(waitedNanos.sum());
    }

    @Override
    public long getLastHealMillis() {
        return TimeUnit.NANOSECONDS.toMillis(lastHealNanos);
    }

    @Override
    public Map<String, Integer> getPendingUpgrades() {
        Map<String, Integer> counts = new TreeMap<>();
        synchronized (pending) {
            pending.forEach((target, ids) -> counts.merge(target.toString(), lacking(target, ids), Math::max));
        }
        return counts;
    }

    private int pendingTotal() {
        int n = 0;
        synchronized (pending) {
            for (Map.Entry<Target, List<String>> e : pending.entrySet()) {
                n += lacking(e.getKey(), e.getValue());
            }
        }
        return n;
    }

    // ---- publishing ----

    private synchronized void publish(ClassLoader applicationLoader) {
        if (published) {
            return;
        }
        published = true;
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        Thread t = new Thread(() -> {
            registerMBean();
            registerMicrometer(applicationLoader, context);
        }, "schemahealer-metrics");
        t.setDaemon(true);
        t.start();
    }

    private void registerMBean() {
        try {
            ObjectName name = new ObjectName(OBJECT_NAME);
            var server = ManagementFactory.getPlatformMBeanServer();
            if (!server.isRegistered(name)) {
                server.registerMBean(this, name);
            }
        } catch (Exception | LinkageError e) {
            Log.warn("could not register the MBean " + OBJECT_NAME + "; metrics are not published over JMX", e);
        }
    }

    /** Meters in Micrometer's global registry (which Spring Boot's registry joins), if the application has Micrometer. */
    private void registerMicrometer(ClassLoader... loaders) {
        for (ClassLoader loader : loaders) {
            try {
                Micrometer m = new Micrometer(loader);
                m.counter("schemahealer.misses", "statements that missed a schema object", HealerMetrics::getMisses);
                m.counter("schemahealer.heals", "heals that applied upgrades", HealerMetrics::getHeals);
                m.counter("schemahealer.statements.retried", "statements run again after a heal",
                        HealerMetrics::getStatementsRetried);
                m.counter("schemahealer.upgrades.applied", "upgrades applied", HealerMetrics::getUpgradesApplied);
                m.counter("schemahealer.upgrades.failed", "failed upgrade attempts", HealerMetrics::getUpgradeFailures);
                m.counter("schemahealer.misses.observed", "misses seen in observe mode", HealerMetrics::getObservedMisses);
                m.counter("schemahealer.heal.waits", "requests that waited for a heal", HealerMetrics::getRequestsWaited);
                m.counter("schemahealer.heal.waited.seconds", "time requests waited for heals",
                        h -> h.waitedNanos.sum() / 1e9);
                m.gauge("schemahealer.heal.last.seconds", "the last heal's duration", h -> h.lastHealNanos / 1e9);
                m.gauge("schemahealer.upgrades.pending", "upgrades pending on the databases/schemas seen",
                        HealerMetrics::pendingTotal);
                return;
            } catch (ClassNotFoundException noMicrometer) {
                // not through this loader
            } catch (Exception | LinkageError e) {
                Log.warn("could not register schemahealer meters with Micrometer", e);
                return;
            }
        }
    }

    /** Micrometer through reflection: {@code FunctionCounter.builder(...)} and {@code Gauge.builder(...)}. */
    private final class Micrometer {
        private final Object registry;
        private final Class<?> registryType;
        private final Method counterBuilder;
        private final Method gaugeBuilder;

        Micrometer(ClassLoader loader) throws ReflectiveOperationException {
            if (loader == null) {
                throw new ClassNotFoundException("no loader");
            }
            Class<?> metrics = Class.forName("io.micrometer.core.instrument.Metrics", true, loader);
            registry = metrics.getField("globalRegistry").get(null);
            registryType = Class.forName("io.micrometer.core.instrument.MeterRegistry", false, loader);
            counterBuilder = Class.forName("io.micrometer.core.instrument.FunctionCounter", false, loader)
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
            gaugeBuilder = Class.forName("io.micrometer.core.instrument.Gauge", false, loader)
                    .getMethod("builder", String.class, Object.class, ToDoubleFunction.class);
        }

        void counter(String name, String description, ToDoubleFunction<HealerMetrics> value) throws ReflectiveOperationException {
            register(counterBuilder.invoke(null, name, HealerMetrics.this, value), description);
        }

        void gauge(String name, String description, ToDoubleFunction<HealerMetrics> value) throws ReflectiveOperationException {
            register(gaugeBuilder.invoke(null, name, HealerMetrics.this, value), description);
        }

        private void register(Object builder, String description) throws ReflectiveOperationException {
            builder.getClass().getMethod("description", String.class).invoke(builder, description);
            builder.getClass().getMethod("register", registryType).invoke(builder, registry);
        }
    }
}
