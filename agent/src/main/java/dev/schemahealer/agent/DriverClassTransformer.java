package dev.schemahealer.agent;

import java.lang.instrument.ClassFileTransformer;
import java.security.ProtectionDomain;
import java.util.function.Supplier;

/**
 * The one transformer {@code premain} registers. Every class the JVM loads costs a name check
 * here; only classes of a supported driver go further. The healer and the weaving transformer
 * (Byte Buddy's agent builder) are created when the first such class loads: a JVM that never
 * loads a driver never loads Byte Buddy, and one that does pays for it then, not before
 * {@code main}.
 *
 * <p>Name-based on purpose: everything but the drivers is skipped without parsing a class file.
 * A pool's wrappers (HikariCP's proxies) are skipped too: only the driver's own statement handles
 * a failure, never both.
 */
final class DriverClassTransformer implements ClassFileTransformer {

    /** The packages of the supported drivers, as internal names; the agent builder ignores all others too. */
    private static final String[] DRIVER_PACKAGES = {"org/postgresql/", "com/mysql/cj/", "org/mariadb/jdbc/"};
    /** Set while this thread creates the weaver: a driver class it happens to load is left alone. */
    private static final ThreadLocal<Boolean> STARTING = new ThreadLocal<>();

    private final Supplier<ClassFileTransformer> start;
    private volatile ClassFileTransformer weaver;
    private volatile boolean failed;

    /** {@code start} installs the healer and returns the weaving transformer; a throw leaves the drivers as they are. */
    DriverClassTransformer(Supplier<ClassFileTransformer> start) {
        this.start = start;
    }

    private static boolean isDriverClass(String internalName) {
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
        ClassFileTransformer w = weaver();
        if (w == null) {
            return null;
        }
        try {
            return w.transform(module, loader, className, classBeingRedefined, protectionDomain, classFile);
        } catch (Throwable t) {
            return null; // the agent builder reports its own errors; this is for its absence of them
        }
    }

    /** The weaving transformer, created on first use; {@code null} for good if that failed. */
    private ClassFileTransformer weaver() {
        ClassFileTransformer w = weaver;
        if (w != null || failed) {
            return w;
        }
        synchronized (this) {
            if (weaver == null && !failed) {
                STARTING.set(Boolean.TRUE);
                try {
                    weaver = start.get();
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
}
