package dev.schemahealer.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;

/**
 * What a team ships, built from the test's upgrade classes: a plain upgrades jar, a Spring Boot
 * executable jar and a WAR. None carries a JDBC driver: the command line must bring its own.
 */
final class Deployables {

    private static final String SERVICES = "META-INF/services/dev.schemahealer.upgrades.SchemaUpgrade";
    private static final String[] UPGRADE_CLASSES = {"MixedUpgrades", "MixedUpgrades$CustomerEmail",
        "MixedUpgrades$CustomerPhone", "MixedUpgrades$Orders", "MixedUpgrades$CustomerName"};

    private Deployables() {
    }

    /** The mixed scenario's upgrades and their base class, registered: a jar as {@code mvn package} makes it. */
    static Path upgradesJar(Path dir) throws IOException {
        Map<String, byte[]> entries = upgrades("");
        entries.putAll(base(""));
        return jar(dir.resolve("app-upgrades.jar"), entries);
    }

    /** The upgrades in {@code BOOT-INF/classes}, the base class they extend in a library jar in {@code BOOT-INF/lib}. */
    static Path springBootJar(Path dir) throws IOException {
        return layout(dir, "app.jar", "BOOT-INF/");
    }

    /** The same in {@code WEB-INF/classes} and {@code WEB-INF/lib}. */
    static Path war(Path dir) throws IOException {
        return layout(dir, "app.war", "WEB-INF/");
    }

    private static Path layout(Path dir, String name, String prefix) throws IOException {
        Path lib = jar(dir.resolve("base-" + name + ".jar"), base(""));
        Map<String, byte[]> entries = upgrades(prefix + "classes/");
        entries.put(prefix + "lib/app-base.jar", Files.readAllBytes(lib));
        // The launcher classes a real Spring Boot jar has at its root: nothing the command line may need.
        entries.put("org/springframework/boot/loader/launch/JarLauncher.class", new byte[0]);
        return jar(dir.resolve(name), entries);
    }

    private static Map<String, byte[]> upgrades(String prefix) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(prefix + SERVICES, Files.readAllBytes(ChildJvm.scenario("mixed").resolve(SERVICES)));
        for (String c : UPGRADE_CLASSES) {
            entries.put(prefix + classFile(c), Files.readAllBytes(testClasses().resolve(classFile(c))));
        }
        return entries;
    }

    private static Map<String, byte[]> base(String prefix) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put(prefix + classFile("CountingUpgrade"), Files.readAllBytes(testClasses().resolve(classFile("CountingUpgrade"))));
        return entries;
    }

    private static String classFile(String simpleName) {
        return "dev/schemahealer/it/" + simpleName + ".class";
    }

    private static Path testClasses() {
        return Path.of("target/test-classes").toAbsolutePath();
    }

    private static Path jar(Path file, Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (JarOutputStream out = new JarOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new JarEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            bytes.writeTo(out);
        }
        return file;
    }
}
