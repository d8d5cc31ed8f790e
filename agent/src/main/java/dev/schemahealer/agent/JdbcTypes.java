package dev.schemahealer.agent;

import java.io.InputStream;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.ConcurrentHashMap;
import net.bytebuddy.jar.asm.ClassReader;

/**
 * Which JDBC interfaces a class implements, read from class files alone: a class being loaded is
 * transformed before its superclass is loaded, so the weaver reads the superclass's and the
 * interfaces' class files through the class loader (headers only) and remembers the answer per
 * class loader. Nothing is loaded, nothing initialised.
 */
final class JdbcTypes {

    static final int STATEMENT = 1;
    static final int CONNECTION = 2;
    static final int RESULT_SET = 4;
    static final int DRIVER = 8;

    /** The JDK's types that matter; every other JDK type implements none of them. */
    private static final Map<String, Integer> JDK = Map.of(
            "java/sql/Statement", STATEMENT,
            "java/sql/PreparedStatement", STATEMENT,
            "java/sql/CallableStatement", STATEMENT,
            "java/sql/Connection", CONNECTION,
            "java/sql/ResultSet", RESULT_SET,
            "javax/sql/RowSet", RESULT_SET,
            "java/sql/Driver", DRIVER);

    private static final Object BOOTSTRAP = new Object();

    /** Per class loader (weakly): internal name to its kinds. */
    private final Map<Object, Map<String, Integer>> byLoader = new WeakHashMap<>();

    /** The kinds of the class {@code internalName} as {@code loader} sees it; 0 when its class file cannot be read. */
    int of(ClassLoader loader, String internalName) {
        if (internalName == null) {
            return 0;
        }
        Integer jdk = JDK.get(internalName);
        if (jdk != null) {
            return jdk;
        }
        if (loader == null || isJdk(internalName)) {
            return 0;
        }
        Map<String, Integer> known = known(loader);
        Integer kinds = known.get(internalName);
        if (kinds != null) {
            return kinds;
        }
        known.put(internalName, 0); // a cycle (an invalid hierarchy) ends here
        int k = 0;
        try (InputStream in = loader.getResourceAsStream(internalName + ".class")) {
            if (in != null) {
                ClassReader header = new ClassReader(in.readAllBytes());
                k = of(loader, header.getSuperName(), header.getInterfaces());
            }
        } catch (Exception | LinkageError e) {
            k = 0;
        }
        known.put(internalName, k);
        return k;
    }

    /** The kinds of a class with this superclass and these interfaces. */
    int of(ClassLoader loader, String superName, String[] interfaces) {
        int k = of(loader, superName);
        for (String i : interfaces) {
            k |= of(loader, i);
        }
        return k;
    }

    /** Records what the weaver learnt from a class file it was given. */
    void remember(ClassLoader loader, String internalName, int kinds) {
        known(loader).put(internalName, kinds);
    }

    private Map<String, Integer> known(ClassLoader loader) {
        Object key = loader == null ? BOOTSTRAP : loader;
        synchronized (byLoader) { // no lambda: this runs while the first driver classes load, before anything is warm
            Map<String, Integer> known = byLoader.get(key);
            if (known == null) {
                known = new ConcurrentHashMap<>();
                byLoader.put(key, known);
            }
            return known;
        }
    }

    private static boolean isJdk(String internalName) {
        return internalName.startsWith("java/") || internalName.startsWith("javax/") || internalName.startsWith("jdk/")
                || internalName.startsWith("sun/") || internalName.startsWith("com/sun/");
    }
}
