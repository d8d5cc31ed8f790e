package dev.schemahealer.bench;

import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the agent jar is, and whether it is active in this JVM. */
final class Agent {

    private Agent() {
    }

    /** Whether the agent's bridge class is on the bootstrap class path, which premain puts there. */
    static boolean active() {
        try {
            Class.forName("dev.schemahealer.bootstrap.Hooks", false, null);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /**
     * {@code -Dbench.agentJar=...}, else the jar benchmarks.jar names in its manifest Class-Path
     * ({@code agent/target/schemahealer-agent.jar}), as the class path resolves it.
     */
    static Path jar() {
        String configured = System.getProperty("bench.agentJar");
        if (configured != null && !configured.isBlank()) {
            return existing(Path.of(configured));
        }
        URL url = ClassLoader.getSystemResource("dev/schemahealer/agent/SchemaHealerAgent.class");
        if (url == null || !"jar".equals(url.getProtocol())) {
            throw new IllegalStateException("cannot find the agent jar on the class path (build it with "
                    + "`mvn -Pbench -pl bench -am package -DskipTests`) or pass -Dbench.agentJar=PATH");
        }
        String file = url.getPath().substring(0, url.getPath().indexOf("!/"));
        try {
            return existing(Path.of(new URL(file).toURI()));
        } catch (URISyntaxException | java.net.MalformedURLException e) {
            throw new IllegalStateException("cannot read the agent jar location " + url, e);
        }
    }

    private static Path existing(Path path) {
        if (!Files.isRegularFile(path)) {
            throw new IllegalStateException("agent jar not found: " + path);
        }
        return path.toAbsolutePath().normalize();
    }
}
