package dev.schemahealer.agent;

import dev.schemahealer.bootstrap.Hooks;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.security.ProtectionDomain;

/**
 * The one transformer {@code premain} registers. Every class the JVM loads costs a name check
 * here; only classes of a supported driver go further, to {@link HookWeaver}. The healer is
 * installed when the first such class loads: a JVM that never loads a driver never builds one.
 *
 * <p>Name-based on purpose: everything but the drivers is skipped without parsing a class file.
 * A pool's wrappers (HikariCP's proxies) are skipped too: only the driver's own statement handles
 * a failure, never both.
 *
 * <p>Fail-open: a class that cannot be woven is defined as it is ({@code null}), with one warning.
 */
final class DriverClassTransformer implements ClassFileTransformer {

    /** The packages of the supported drivers, as internal names; the attach path ignores all others too. */
    private static final String[] DRIVER_PACKAGES = {"org/postgresql/", "com/mysql/cj/", "org/mariadb/jdbc/"};
    /** Set while this thread installs the healer: a driver class it happens to load is left alone. */
    private static final ThreadLocal<Boolean> STARTING = new ThreadLocal<>();

    private final AgentOptions options;
    private volatile HookWeaver weaver;
    private volatile boolean failed;

    DriverClassTransformer(AgentOptions options) {
        this.options = options;
    }

    /**
     * {@code premain}: registers the transformer, and nothing else: the weaver, ASM and the healer
     * are loaded with the first driver class ({@link Engine}), never in a JVM that loads none.
     */
    static void install(Instrumentation inst, AgentOptions options) {
        inst.addTransformer(new DriverClassTransformer(options), false);
    }

    static boolean isDriverClass(String internalName) {
        for (String prefix : DRIVER_PACKAGES) {
            if (internalName.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        if (className == null || !isDriverClass(className) || STARTING.get() != null) {
            return null;
        }
        HookWeaver weaver = weaver();
        if (weaver == null) {
            return null;
        }
        try {
            byte[] woven = weaver.weave(loader, classFile, classBeingRedefined == null);
            if (woven != null && Log.debugEnabled()) {
                Log.toStandardError(Log.Level.DEBUG, "instrumented " + className.replace('/', '.'), null);
            }
            return woven;
        } catch (Throwable t) {
            Log.toStandardError(Log.Level.WARN, "could not instrument " + className.replace('/', '.') + "; it is not healed", t);
            return null;
        }
    }

    /** Installs the healer and creates the weaver on first use; {@code null} for good if that failed. */
    private HookWeaver weaver() {
        HookWeaver w = weaver;
        if (w != null || failed) {
            return w;
        }
        synchronized (this) {
            if (weaver == null && !failed) {
                STARTING.set(Boolean.TRUE);
                try {
                    weaver = Engine.start(options);
                } catch (Throwable t) {
                    failed = true;
                    Log.toStandardError(Log.Level.ERROR, "agent could not start; the application runs without schemahealer", t);
                } finally {
                    STARTING.remove();
                }
            }
            return weaver;
        }
    }

    /** Loaded (and verified, which loads what it names) only with the first driver class. */
    private static final class Engine {
        private Engine() {
        }

        /** Installs the healer behind the bridge; the weaver for the driver classes from then on. */
        static HookWeaver start(AgentOptions options) {
            Hooks.install(new Healer(options));
            return new HookWeaver(new JdbcTypes());
        }
    }
}
