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

    private final HookWeaver weaver;
    private final Runnable start;
    private volatile boolean started;
    private volatile boolean failed;

    /** {@code start} installs the healer; a throw leaves the drivers as they are. */
    DriverClassTransformer(HookWeaver weaver, Runnable start) {
        this.weaver = weaver;
        this.start = start;
    }

    /** {@code premain}: registers the transformer, and nothing else. */
    static void install(Instrumentation inst, AgentOptions options) {
        inst.addTransformer(new DriverClassTransformer(new HookWeaver(new JdbcTypes()), new InstallHealer(options)), false);
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
        if (className == null || !isDriverClass(className) || STARTING.get() != null || !started()) {
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

    /** Installs the healer on first use; {@code false} for good if that failed. */
    private boolean started() {
        if (started) {
            return true;
        }
        if (failed) {
            return false;
        }
        synchronized (this) {
            if (!started && !failed) {
                STARTING.set(Boolean.TRUE);
                try {
                    start.run();
                    started = true;
                } catch (Throwable t) {
                    failed = true;
                    Log.toStandardError(Log.Level.ERROR, "agent could not start; the application runs without schemahealer", t);
                } finally {
                    STARTING.remove();
                }
            }
            return started;
        }
    }

    /** Run by the first driver class: the healer answers the hooks from then on. */
    private static final class InstallHealer implements Runnable {
        private final AgentOptions options;

        InstallHealer(AgentOptions options) {
            this.options = options;
        }

        @Override
        public void run() {
            Hooks.install(new Healer(options));
        }
    }
}
