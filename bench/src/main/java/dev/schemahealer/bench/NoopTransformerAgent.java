package dev.schemahealer.bench;

import java.io.IOException;
import java.io.InputStream;
import java.lang.instrument.ClassFileTransformer;
import java.lang.instrument.Instrumentation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.ProtectionDomain;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

/**
 * The floor of any agent that weaves classes as they load: a {@code -javaagent} whose
 * {@code premain} registers one {@link ClassFileTransformer} that changes nothing. With a
 * transformer registered, the JVM hands every class it loads (the JDK's own from the class data
 * sharing archive too) to Java as a byte array. {@link StartupBenchmark --floor} measures it.
 */
public final class NoopTransformerAgent implements ClassFileTransformer {

    public static void premain(String args, Instrumentation inst) {
        inst.addTransformer(new NoopTransformerAgent(), false);
    }

    @Override
    public byte[] transform(Module module, ClassLoader loader, String className, Class<?> classBeingRedefined,
                            ProtectionDomain protectionDomain, byte[] classFile) {
        return null;
    }

    /** A jar holding this class alone as its agent, in a temporary file. */
    static Path jar() throws IOException {
        Path jar = Files.createTempFile("noop-transformer-agent", ".jar");
        jar.toFile().deleteOnExit();
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().putValue("Premain-Class", NoopTransformerAgent.class.getName());
        String entry = NoopTransformerAgent.class.getName().replace('.', '/') + ".class";
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), manifest);
             InputStream in = NoopTransformerAgent.class.getClassLoader().getResourceAsStream(entry)) {
            out.putNextEntry(new JarEntry(entry));
            in.transferTo(out);
            out.closeEntry();
        }
        return jar;
    }
}
