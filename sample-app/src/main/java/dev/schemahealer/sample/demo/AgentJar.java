package dev.schemahealer.sample.demo;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/** Finds the agent jar that the build of this checkout made, wherever the demo is started from. */
final class AgentJar {

    static final String PROPERTY = "schemahealer.agent.jar";
    private static final Path IN_CHECKOUT = Path.of("agent", "target", "schemahealer-agent.jar");

    private AgentJar() {
    }

    /**
     * The first that exists of: {@code --agent}, the system property {@value #PROPERTY}, the
     * checkout's {@code agent/target/schemahealer-agent.jar} seen from the demo jar
     * ({@code sample-app/target/}) or from the working directory, and a jar next to the demo jar.
     *
     * @throws IllegalStateException naming the places tried and how to build the jar
     */
    static Path locate(Path explicit, Path demoCodeSource) {
        Set<Path> candidates = new LinkedHashSet<>();
        if (explicit != null) {
            candidates.add(explicit);
        } else {
            String property = System.getProperty(PROPERTY);
            if (property != null && !property.isBlank()) {
                candidates.add(Path.of(property));
            }
            if (demoCodeSource != null) {
                Path dir = demoCodeSource.toAbsolutePath().getParent(); // .../sample-app/target
                if (dir != null && dir.getParent() != null && dir.getParent().getParent() != null) {
                    candidates.add(dir.getParent().getParent().resolve(IN_CHECKOUT));
                }
                if (dir != null) {
                    candidates.add(dir.resolve("schemahealer-agent.jar"));
                }
            }
            Path cwd = Path.of("").toAbsolutePath();
            candidates.add(cwd.resolve(IN_CHECKOUT));
            if (cwd.getParent() != null) {
                candidates.add(cwd.getParent().resolve(IN_CHECKOUT));
            }
        }
        List<String> tried = new ArrayList<>();
        for (Path p : candidates) {
            Path normalized = p.toAbsolutePath().normalize();
            if (Files.isRegularFile(normalized)) {
                return normalized;
            }
            tried.add(normalized.toString());
        }
        throw new IllegalStateException("the schemahealer agent jar was not found; tried:\n    " + String.join("\n    ", tried)
                + "\n  build it from the repository root with: mvn -q -DskipTests package"
                + "\n  or name it with --agent PATH");
    }
}
