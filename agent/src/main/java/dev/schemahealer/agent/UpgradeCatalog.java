package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaUpgrade;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the registered upgrades ({@code META-INF/services/dev.schemahealer.upgrades.SchemaUpgrade})
 * on the application's class loaders and in the jars or folders of the {@code upgrades} option.
 * Lazily, on the first miss: start-up does no scanning. The result per class loader is cached.
 */
public final class UpgradeCatalog {

    private final ClassLoader extraLoader;
    private final Map<ClassLoader, List<SchemaUpgrade>> byLoader = new ConcurrentHashMap<>();
    private final Map<String, Boolean> reported = new ConcurrentHashMap<>();

    public UpgradeCatalog(List<Path> extraPaths) {
        this.extraLoader = extraPaths.isEmpty() ? null : loaderFor(extraPaths);
    }

    /** A loader over the given jars or folders whose parent has the upgrades API. */
    public static ClassLoader loaderFor(List<Path> paths) {
        URL[] urls = new URL[paths.size()];
        for (int i = 0; i < urls.length; i++) {
            try {
                urls[i] = paths.get(i).toUri().toURL();
            } catch (MalformedURLException e) {
                throw new IllegalArgumentException("upgrades: not a usable path: " + paths.get(i), e);
            }
        }
        // Parent: the loader that has the upgrades API, so the upgrades implement our SchemaUpgrade.
        return new URLClassLoader("schemahealer-upgrades", urls, SchemaUpgrade.class.getClassLoader());
    }

    /**
     * Every upgrade visible to {@code applicationLoader} (the failing driver's) and the thread's
     * context loader, plus those of the {@code upgrades} option, in dependency order (then by id). An id registered
     * twice by different classes is reported once and the first one kept.
     */
    public List<SchemaUpgrade> upgrades(ClassLoader applicationLoader) {
        ClassLoader key = applicationLoader == null ? ClassLoader.getSystemClassLoader() : applicationLoader;
        return byLoader.computeIfAbsent(key, this::discover);
    }

    private List<SchemaUpgrade> discover(ClassLoader applicationLoader) {
        Map<String, SchemaUpgrade> byId = new LinkedHashMap<>();
        List<ClassLoader> loaders = new ArrayList<>(4);
        loaders.add(applicationLoader);
        loaders.add(Thread.currentThread().getContextClassLoader());
        loaders.add(ClassLoader.getSystemClassLoader());
        if (extraLoader != null) {
            loaders.add(extraLoader);
        }
        for (ClassLoader loader : loaders) {
            if (loader != null) {
                load(loader, byId);
            }
        }
        List<SchemaUpgrade> sorted = new ArrayList<>(byId.values());
        sorted.sort(Comparator.comparing(SchemaUpgrade::id));
        for (SchemaUpgrade u : sorted) {
            for (String required : u.requires()) {
                if (!byId.containsKey(required)) {
                    reportOnce("requires:" + u.id() + ":" + required, "upgrade " + u.id() + " requires " + required
                            + ", which is not registered: " + u.id() + " runs only where the ledger shows " + required
                            + " applied (register it, or drop it from requires())");
                }
            }
        }
        // What an upgrade requires first, otherwise id order: for heals, status and apply alike.
        return UpgradeSelector.inDependencyOrder(sorted, sorted);
    }

    private void load(ClassLoader loader, Map<String, SchemaUpgrade> byId) {
        ServiceLoader<SchemaUpgrade> services = ServiceLoader.load(SchemaUpgrade.class, loader);
        var it = services.iterator();
        while (true) {
            SchemaUpgrade upgrade;
            try {
                if (!it.hasNext()) {
                    return;
                }
                upgrade = it.next();
            } catch (ServiceConfigurationError | LinkageError e) {
                // LinkageError: an upgrade whose class needs one the jar lacks (NoClassDefFoundError).
                reportOnce("load:" + e.getMessage(), "an upgrade could not be loaded and is ignored: " + e
                        + (e instanceof LinkageError ? " (a class it needs is missing)"
                                : " (it needs a public no-argument constructor and must implement "
                                        + SchemaUpgrade.class.getName() + ")"));
                continue;
            }
            String id = upgrade.id();
            if (id == null || id.isBlank()) {
                reportOnce("noid:" + upgrade.getClass().getName(),
                        "upgrade " + upgrade.getClass().getName() + " has no id() and is ignored");
                continue;
            }
            SchemaUpgrade existing = byId.putIfAbsent(id, upgrade);
            if (existing != null && existing.getClass() != upgrade.getClass()) {
                reportOnce("dup:" + id, "upgrade id '" + id + "' is registered by both " + existing.getClass().getName()
                        + " and " + upgrade.getClass().getName() + "; ids must be unique, keeping the first");
            }
        }
    }

    private void reportOnce(String key, String message) {
        if (reported.putIfAbsent(key, Boolean.TRUE) == null) {
            Log.warn(message);
        }
    }
}
