package dev.schemahealer.it;

import dev.schemahealer.testing.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A real child JVM, optionally with {@code -javaagent} on the built agent jar. Its class path is
 * the test's, minus the agent's own classes and bundled libraries: the child must get those from
 * the jar, relocated, exactly as a user's application would.
 */
final class ChildJvm {

    private final ChildProcess process;

    private ChildJvm(ChildProcess process) {
        this.process = process;
    }

    static Path agentJar() {
        Path jar = Path.of(System.getProperty("schemahealer.agentJar", "target/schemahealer-agent.jar")).toAbsolutePath();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: end-to-end tests run after 'package' (mvn verify)");
        }
        return jar;
    }

    static Path scenario(String name) {
        return Path.of("target/test-classes/scenarios", name).toAbsolutePath();
    }

    static Path itLib(String prefix) throws IOException {
        Path dir = Path.of("target/it-libs");
        try (var files = Files.list(dir)) {
            return files.filter(p -> p.getFileName().toString().startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no " + prefix + "* in " + dir.toAbsolutePath()))
                    .toAbsolutePath();
        }
    }

    /** The test class path without the agent's classes and its bundled (to be relocated) libraries. */
    static String applicationClassPath(String... extraFirst) {
        List<String> entries = new ArrayList<>(Arrays.asList(extraFirst));
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(e).getFileName().toString();
            boolean agentOwn = e.replace('\\', '/').endsWith("agent/target/classes")
                    || name.startsWith("schemahealer-agent") || name.startsWith("byte-buddy") || name.startsWith("picocli");
            if (!agentOwn) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** {@code agentArgs == null}: no agent. */
    static ChildJvm start(String agentArgs, String classPath, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add("-Xmx256m");
        if (agentArgs != null) {
            command.add("-javaagent:" + agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        return new ChildJvm(ChildProcess.java(command));
    }

    static ChildJvm runJar(String... args) throws IOException {
        return runJar(Map.of(), args);
    }

    /** {@code java -jar} on the agent jar (the command line), with {@code env} added to the environment. */
    static ChildJvm runJar(Map<String, String> env, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-jar");
        command.add(agentJar().toString());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().putAll(env);
        return new ChildJvm(ChildProcess.start(pb));
    }

    /** Waits for the exit; returns the exit code. */
    int waitFor(long seconds) throws InterruptedException {
        return process.waitFor(seconds);
    }

    /** Waits until a line starting with {@code prefix} appears and returns it. */
    String awaitLine(String prefix, long seconds) throws InterruptedException {
        return process.awaitLine(prefix, seconds);
    }

    void send(String line) throws IOException {
        process.send(line);
    }

    long pid() {
        return process.pid();
    }

    String output() {
        return process.output();
    }

    List<String> linesStartingWith(String prefix) {
        return process.linesStartingWith(prefix);
    }

    void kill() {
        process.kill();
    }
}
