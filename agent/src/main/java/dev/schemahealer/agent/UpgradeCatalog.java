package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.reflect.InvocationTargetException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the registered upgrades ({@code META-INF/services/dev.schemahealer.upgrades.SchemaUpgrade})
 * of the application whose statement missed, and those in the jars or folders of the
 * {@code upgrades} option. Lazily, on the first miss: start-up does no scanning.
 *
 * <p>In a container several applications share one JVM, and often one driver (Tomcat's
 * {@code lib/}): the application is the thread's context class loader when it sees the driver's
 * (a request thread of a web application), else the driver's loader. Each application's upgrades
 * are found and cached for its own loader, without keeping that loader alive ({@link LoaderLocal}).
 * An application that bundles its own copy of the upgrades API (child-first, {@code WEB-INF/lib})
 * has upgrades that implement that copy: they are bridged ({@link BridgedUpgrade}).
 */
public final class UpgradeCatalog {

    private static final String SERVICES = "META-INF/services/" + SchemaUpgrade.class.getName();

    private final ClassLoader extraLoader;
    private final LoaderLocal<List<SchemaUpgrade>> byLoader = new LoaderLocal<>();
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
     * Every upgrade of the application that {@code driverLoader} (the failing driver's) serves on
     * this thread, plus those of the {@code upgrades} option, in dependency order (then by id). An id
     * registered twice by different classes is reported once and the first one kept.
     */
    public List<SchemaUpgrade> upgrades(ClassLoader driverLoader) {
        ClassLoader application = application(driverLoader, Thread.currentThread().getContextClassLoader());
        List<SchemaUpgrade> known = byLoader.get(application);
        if (known != null) {
            return known;
        }
        List<SchemaUpgrade> found = discover(application);
        return byLoader.putIfAbsent(application, found, anchor(found, application));
    }

    /**
     * The application's loader: the context loader when the driver's loader is it or one of its
     * ancestors (a web application on a shared driver), else the driver's (a thread of the
     * driver's own application, a pool's housekeeping thread).
     */
    static ClassLoader application(ClassLoader driverLoader, ClassLoader contextLoader) {
        ClassLoader driver = driverLoader == null ? ClassLoader.getSystemClassLoader() : driverLoader;
        for (ClassLoader l = contextLoader; l != null; l = l.getParent()) {
            if (l == driver) {
                return contextLoader;
            }
        }
        return driver;
    }

    /** A class {@code loader} defined among the upgrades, or {@code null} when they all come from elsewhere. */
    private static Class<?> anchor(List<SchemaUpgrade> upgrades, ClassLoader loader) {
        for (SchemaUpgrade u : upgrades) {
            Class<?> type = u instanceof BridgedUpgrade b ? b.type() : u.getClass();
            if (type.getClassLoader() == loader) {
                return type;
            }
        }
        return null;
    }

    private List<SchemaUpgrade> discover(ClassLoader application) {
        Map<String, SchemaUpgrade> byId = new LinkedHashMap<>();
        load(application, byId);
        ClassLoader system = ClassLoader.getSystemClassLoader();
        if (!isAncestor(system, application)) {
            load(system, byId);
        }
        if (extraLoader != null) {
            load(extraLoader, byId);
        }
        // Named modules on the module path: ServiceLoader finds their providers, the services files do not.
        try {
            ServiceLoader.load(ModuleLayer.boot(), SchemaUpgrade.class).stream()
                    .forEach(p -> register(p.type(), byId, p::get));
        } catch (ServiceConfigurationError e) {
            reportOnce("module:" + e.getMessage(), "an upgrade on the module path could not be loaded and is ignored: " + e);
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

    private static boolean isAncestor(ClassLoader candidate, ClassLoader of) {
        for (ClassLoader l = of; l != null; l = l.getParent()) {
            if (l == candidate) {
                return true;
            }
        }
        return false;
    }

    /**
     * The upgrades the services files visible through {@code loader} name, each loaded through
     * {@code loader} (read here rather than by {@link ServiceLoader}, which refuses a class that
     * implements another copy of the API).
     */
    private void load(ClassLoader loader, Map<String, SchemaUpgrade> byId) {
        Set<String> names = new LinkedHashSet<>();
        try {
            for (URL url : Collections.list(loader.getResources(SERVICES))) {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(url.openStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        int hash = line.indexOf('#');
                        String name = (hash < 0 ? line : line.substring(0, hash)).trim();
                        if (!name.isEmpty()) {
                            names.add(name);
                        }
                    }
                }
            }
        } catch (IOException e) {
            reportOnce("read:" + e, "cannot read the upgrades registered in " + SERVICES + ": " + e);
        }
        for (String name : names) {
            Class<?> type;
            try {
                type = Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                reportOnce("load:" + name, "upgrade " + name + " could not be loaded and is ignored: " + e
                        + (e instanceof LinkageError ? " (a class it needs is missing)" : ""));
                continue;
            }
            register(type, byId, () -> type.getConstructor().newInstance());
        }
    }

    private interface Instantiation {
        Object create() throws ReflectiveOperationException;
    }

    private void register(Class<?> type, Map<String, SchemaUpgrade> byId, Instantiation instantiation) {
        Class<?> api = SchemaUpgrade.class.isAssignableFrom(type) ? null : BridgedUpgrade.foreignApi(type);
        if (api == null && !SchemaUpgrade.class.isAssignableFrom(type)) {
            reportOnce("type:" + type.getName(), "upgrade " + type.getName() + " is ignored: it does not implement "
                    + SchemaUpgrade.class.getName());
            return;
        }
        Object created;
        try {
            created = instantiation.create();
        } catch (ReflectiveOperationException | RuntimeException | LinkageError | ServiceConfigurationError e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            reportOnce("new:" + type.getName(), "upgrade " + type.getName() + " could not be created and is ignored: "
                    + cause + (e instanceof NoSuchMethodException || e instanceof IllegalAccessException
                            ? " (it needs to be a public class with a public no-argument constructor)" : ""));
            return;
        }
        SchemaUpgrade upgrade;
        try {
            // api != null: the application bundles its own copy of the upgrades API (WEB-INF/lib, child-first).
            upgrade = api == null ? (SchemaUpgrade) created : BridgedUpgrade.of(created, api);
        } catch (InvocationTargetException e) {
            reportOnce("declare:" + type.getName(), "upgrade " + type.getName() + " is ignored: saying what it is"
                    + " (id, heals, requires) threw " + e.getCause());
            return;
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            // One line per copy of the API, not per upgrade: the fix is the same for all of them.
            String where = BridgedUpgrade.whereFrom(api);
            reportOnce("bridge:" + where, "upgrade " + type.getName() + " and any others compiled against the copy of"
                    + " schemahealer-upgrades at " + where + " are ignored: this agent cannot bridge that copy (" + e
                    + "). Remove schemahealer-upgrades from the application (WEB-INF/lib), or mark it provided");
            return;
        }
        String id = upgrade.id();
        if (id == null || id.isBlank()) {
            reportOnce("noid:" + type.getName(), "upgrade " + type.getName() + " has no id() and is ignored");
            return;
        }
        SchemaUpgrade existing = byId.putIfAbsent(id, upgrade);
        if (existing != null && !nameOf(existing).equals(type.getName())) {
            reportOnce("dup:" + id, "upgrade id '" + id + "' is registered by both " + nameOf(existing)
                    + " and " + type.getName() + "; ids must be unique, keeping the first");
        }
    }

    private static String nameOf(SchemaUpgrade u) {
        return u instanceof BridgedUpgrade b ? b.type().getName() : u.getClass().getName();
    }

    private void reportOnce(String key, String message) {
        if (reported.putIfAbsent(key, Boolean.TRUE) == null) {
            Log.warn(message);
        }
    }
}
