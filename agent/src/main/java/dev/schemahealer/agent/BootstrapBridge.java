package dev.schemahealer.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.security.ProtectionDomain;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;

/**
 * Puts the bridge class that woven code calls ({@code dev.schemahealer.bootstrap.Hooks}) into the
 * bootstrap class loader, where the class loader of any driver finds it.
 *
 * <p>Defined directly with the JDK's internal {@code Unsafe.defineClass}: appending a jar to the
 * bootstrap class path instead turns off class data sharing for application classes and makes
 * the JVM print a warning on standard output. Byte Buddy's {@code ClassInjector.UsingUnsafe} does
 * the same but first generates and loads an accessor class, which cost 0.6 s of start-up; the
 * plain reflection here costs a few milliseconds. The jar is the fallback when the JDK refuses.
 */
final class BootstrapBridge {

    static final String CLASS_FILE = "dev/schemahealer/bootstrap/Hooks.class";
    /** The bridge, and the interfaces of the fields added to driver classes ({@link FieldInjector}). */
    static final List<String> CLASS_FILES = List.of(CLASS_FILE, "dev/schemahealer/bootstrap/StatementStateCarrier.class",
            "dev/schemahealer/bootstrap/ConnectionStateCarrier.class");

    private BootstrapBridge() {
    }

    static void inject(Instrumentation inst) throws IOException {
        Map<String, byte[]> classes = new LinkedHashMap<>();
        for (String file : CLASS_FILES) {
            classes.put(file, read(BootstrapBridge.class.getClassLoader(), file));
        }
        try {
            defineWithUnsafe(inst, classes);
        } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
            Log.toStandardError(Log.Level.DEBUG, "bridge not defined directly (" + e + "); appending a jar", null);
            appendJar(inst, classes);
        }
    }

    /**
     * {@code jdk.internal.misc} is exported only to the unnamed module of a class loader of our
     * own, never to the application's: libraries probe whether they may use that package (Netty
     * does) and must see the same answer with and without the agent.
     */
    private static void defineWithUnsafe(Instrumentation inst, Map<String, byte[]> classes)
            throws ReflectiveOperationException, IOException {
        String definerName = Definer.class.getName();
        byte[] definer = read(BootstrapBridge.class.getClassLoader(), definerName.replace('.', '/') + ".class");
        Class<?> isolated = new IsolatedLoader(BootstrapBridge.class.getClassLoader()).define(definerName, definer);
        inst.redefineModule(Object.class.getModule(), Set.of(), Map.of("jdk.internal.misc", Set.of(isolated.getModule())),
                Map.of(), Set.of(), Map.of());
        Method define = isolated.getDeclaredMethod("define", String.class, byte[].class);
        define.setAccessible(true);
        for (Map.Entry<String, byte[]> c : classes.entrySet()) {
            String file = c.getKey();
            define.invoke(null, file.substring(0, file.length() - ".class".length()).replace('/', '.'), c.getValue());
        }
    }

    private static void appendJar(Instrumentation inst, Map<String, byte[]> classes) throws IOException {
        File jar = File.createTempFile("schemahealer-bootstrap", ".jar");
        jar.deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar.toPath()))) {
            for (Map.Entry<String, byte[]> c : classes.entrySet()) {
                out.putNextEntry(new JarEntry(c.getKey()));
                out.write(c.getValue());
                out.closeEntry();
            }
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }

    private static byte[] read(ClassLoader loader, String resource) throws IOException {
        try (InputStream in = loader.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException(resource + " is missing from the agent jar");
            }
            return in.readAllBytes();
        }
    }

    /** Defines one class in a module of its own. */
    private static final class IsolatedLoader extends ClassLoader {
        IsolatedLoader(ClassLoader parent) {
            super("schemahealer-bridge", parent);
        }

        Class<?> define(String name, byte[] bytes) {
            return defineClass(name, bytes, 0, bytes.length);
        }
    }

    /** Loaded only by {@link IsolatedLoader}; uses JDK types only. */
    static final class Definer {
        private Definer() {
        }

        static void define(String name, byte[] bytes) throws ReflectiveOperationException {
            Class<?> unsafeClass = Class.forName("jdk.internal.misc.Unsafe");
            Object unsafe = unsafeClass.getMethod("getUnsafe").invoke(null);
            unsafeClass.getMethod("defineClass", String.class, byte[].class, int.class, int.class, ClassLoader.class,
                    ProtectionDomain.class).invoke(unsafe, name, bytes, 0, bytes.length, null, null);
        }
    }
}
