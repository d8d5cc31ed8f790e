package dev.schemahealer.agent;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import net.bytebuddy.dynamic.loading.ClassInjector;

/**
 * The {@code -javaagent} entry point ({@code premain}) and the dynamic-attach one ({@code agentmain}).
 *
 * <p>Nothing here may stop the application: a bad option or any failure logs one line and returns.
 * This class touches no other agent class before the bootstrap bridge is in place; the rest of
 * start-up lives in {@link AgentInstaller} for that reason.
 */
public final class SchemaHealerAgent {

    static final String BRIDGE_CLASS = "dev/schemahealer/bootstrap/Hooks.class";
    private static volatile boolean installed;

    private SchemaHealerAgent() {
    }

    public static void premain(String args, Instrumentation inst) {
        start(args, inst);
    }

    public static void agentmain(String args, Instrumentation inst) {
        start(args, inst);
    }

    private static synchronized void start(String args, Instrumentation inst) {
        if (installed) {
            Log.toStandardError(Log.Level.WARN, "agent already installed in this JVM; ignoring the second start", null);
            return;
        }
        try {
            AgentOptions options = AgentOptions.parse(args, System.getProperties(), System.getenv());
            if (options.mode() == AgentOptions.Mode.OFF) {
                Log.toStandardError(Log.Level.INFO, "agent is off (mode=off)", null);
                return;
            }
            injectBridge(inst);
            AgentInstaller.install(inst, options);
            installed = true;
            Log.toStandardError(Log.Level.INFO, "agent active: " + options, null);
        } catch (IllegalArgumentException e) {
            Log.toStandardError(Log.Level.ERROR, e.getMessage() + "; the application runs without schemahealer", null);
        } catch (Throwable t) {
            Log.toStandardError(Log.Level.ERROR, "agent could not start; the application runs without schemahealer", t);
        }
    }

    /**
     * Puts the bridge class that woven code calls into the bootstrap class loader, where the class
     * loader of any driver finds it. Defined directly where the JVM allows it: appending a jar to
     * the bootstrap class path instead turns off class data sharing for application classes and
     * makes the JVM print a warning on standard output.
     */
    private static void injectBridge(Instrumentation inst) throws IOException {
        byte[] bridge;
        try (InputStream in = SchemaHealerAgent.class.getClassLoader().getResourceAsStream(BRIDGE_CLASS)) {
            if (in == null) {
                throw new IOException(BRIDGE_CLASS + " is missing from the agent jar");
            }
            bridge = in.readAllBytes();
        }
        String name = BRIDGE_CLASS.substring(0, BRIDGE_CLASS.length() - ".class".length()).replace('/', '.');
        ClassInjector.UsingUnsafe.Factory unsafe = ClassInjector.UsingUnsafe.Factory.resolve(inst);
        if (unsafe.isAvailable()) {
            unsafe.make(null).injectRaw(Map.of(name, bridge));
            return;
        }
        File jar = File.createTempFile("schemahealer-bootstrap", ".jar");
        jar.deleteOnExit();
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar.toPath()))) {
            out.putNextEntry(new JarEntry(BRIDGE_CLASS));
            out.write(bridge);
            out.closeEntry();
        }
        inst.appendToBootstrapClassLoaderSearch(new JarFile(jar));
    }
}
