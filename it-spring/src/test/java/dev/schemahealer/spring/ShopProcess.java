package dev.schemahealer.spring;

import dev.schemahealer.spring.shop.ShopTraffic;
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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The shop in a child JVM, with {@code -javaagent} on the built agent jar (or without the agent).
 * Its class path is this module's test class path without the agent's own classes: the child gets
 * those from the jar, relocated, as a real deployment does.
 */
final class ShopProcess {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ShopProcess(Process process) {
        this.process = process;
        this.reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                    synchronized (lines) {
                        lines.add(line);
                        lines.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "shop-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * @param agentArgs {@code null}: no agent
     * @param jvmArgs   extra JVM options (system properties)
     */
    static ShopProcess start(String agentArgs, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx384m");
        command.add("-XX:TieredStopAtLevel=1"); // a short run: start fast
        if (agentArgs != null) {
            Path jar = Path.of(System.getProperty("schemahealer.agentJar")).toAbsolutePath();
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException(jar + " is missing: these tests run after the agent's 'package'");
            }
            command.add("-javaagent:" + jar + (agentArgs.isEmpty() ? "" : "=" + agentArgs));
        }
        command.addAll(jvmArgs);
        command.add("-cp");
        command.add(classPath());
        command.add(ShopTraffic.class.getName());
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().keySet().removeIf(k -> k.startsWith("SCHEMAHEALER_") && !k.startsWith("SCHEMAHEALER_TEST_"));
        return new ShopProcess(pb.start());
    }

    private static String classPath() {
        List<String> entries = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String path = e.replace('\\', '/');
            if (!path.endsWith("agent/target/classes") && !Path.of(e).getFileName().toString().startsWith("schemahealer-agent")) {
                entries.add(e);
            }
        }
        return String.join(File.pathSeparator, entries);
    }

    /** Waits for a line equal to or starting with {@code prefix}. */
    String await(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (true) {
                for (String l : lines) {
                    if (l.startsWith(prefix)) {
                        return l;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    lines.wait(200); // the reader may still be behind the exit
                    for (String l : lines) {
                        if (l.startsWith(prefix)) {
                            return l;
                        }
                    }
                    throw new AssertionError("no line '" + prefix + "'; output:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    void go() throws IOException {
        Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        w.write("go\n");
        w.flush();
    }

    int finish(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the shop did not finish in " + seconds + " s; output:\n" + output());
        }
        reader.join(5000);
        return process.exitValue();
    }

    long value(String key) {
        List<String> found = starting(key + " ");
        if (found.size() != 1) {
            throw new AssertionError(key + " not printed once; output:\n" + output());
        }
        return Long.parseLong(found.get(0).substring(key.length() + 1).trim());
    }

    List<String> starting(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    List<String> containing(String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(text)).toList();
        }
    }

    String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    void kill() {
        process.destroyForcibly();
    }
}
