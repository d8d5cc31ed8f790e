package dev.schemahealer.it;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real child JVM, optionally with {@code -javaagent} on the built agent jar. Its class path is
 * the test's, minus the agent's own classes and bundled libraries: the child must get those from
 * the jar, relocated, exactly as a user's application would.
 */
final class ChildJvm {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildJvm(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        });
        reader.setDaemon(true);
        reader.start();
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
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        if (agentArgs != null) {
            command.add("-javaagent:" + agentJar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.add("-cp");
        command.add(classPath);
        command.add(main.getName());
        command.addAll(Arrays.asList(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().keySet().removeIf(k -> k.startsWith("SCHEMAHEALER_") && !k.startsWith("SCHEMAHEALER_TEST_"));
        return new ChildJvm(pb.start());
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
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().putAll(env);
        return new ChildJvm(pb.start());
    }

    /** Waits for the exit; returns the exit code. */
    int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("child JVM did not finish in " + seconds + " s; output:\n" + output());
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** Waits until a line starting with {@code prefix} appears and returns it. */
    String awaitLine(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive() && lines.stream().noneMatch(l -> l.startsWith(prefix))) {
                    if (left > 0) {
                        lines.wait(200);
                        if (lines.stream().anyMatch(l -> l.startsWith(prefix))) {
                            continue;
                        }
                    }
                    throw new AssertionError("no line starting with '" + prefix + "'; output:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    void send(String line) throws IOException {
        Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        w.write(line + "\n");
        w.flush();
    }

    long pid() {
        return process.pid();
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    List<String> linesStartingWith(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).collect(Collectors.toList());
        }
    }

    void kill() {
        process.destroyForcibly();
    }
}
