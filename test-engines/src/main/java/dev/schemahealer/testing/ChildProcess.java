package dev.schemahealer.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child process whose output (standard output and error, merged) is read line by line as it
 * comes, for end-to-end tests: wait for a line or the exit, read what it printed.
 */
public final class ChildProcess {

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private ChildProcess(Process process) {
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
        }, "child-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * Starts {@code java} of this JVM's own installation with {@code arguments}. The child gets
     * none of this JVM's {@code JAVA_TOOL_OPTIONS} and no {@code SCHEMAHEALER_*} agent settings
     * (the test database variables {@code SCHEMAHEALER_TEST_*} stay).
     */
    public static ChildProcess java(List<String> arguments) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(arguments);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().remove("JAVA_TOOL_OPTIONS");
        pb.environment().keySet().removeIf(k -> k.startsWith("SCHEMAHEALER_") && !k.startsWith("SCHEMAHEALER_TEST_"));
        return new ChildProcess(pb.start());
    }

    /** Starts a process from an already configured builder (its output is merged here). */
    public static ChildProcess start(ProcessBuilder builder) throws IOException {
        return new ChildProcess(builder.redirectErrorStream(true).start());
    }

    /** Waits for the exit, at most {@code seconds} (then kills it and fails); returns the exit code. */
    public int waitFor(long seconds) throws InterruptedException {
        if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the child process did not finish in " + seconds + " s; output:\n" + output());
        }
        reader.join(5000);
        return process.exitValue();
    }

    /** Waits until a line starting with {@code prefix} appears and returns it; fails at the deadline or the exit. */
    public String awaitLine(String prefix, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        synchronized (lines) {
            while (true) {
                String found = first(prefix);
                if (found != null) {
                    return found;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || !process.isAlive()) {
                    lines.wait(200); // the reader may still be behind the exit
                    found = first(prefix);
                    if (found != null) {
                        return found;
                    }
                    throw new AssertionError("no line starting with '" + prefix + "'; output:\n" + output());
                }
                lines.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
    }

    private String first(String prefix) {
        for (String l : lines) {
            if (l.startsWith(prefix)) {
                return l;
            }
        }
        return null;
    }

    /** Writes {@code line} to the child's standard input. */
    public void send(String line) throws IOException {
        Writer w = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
        w.write(line + "\n");
        w.flush();
    }

    public long pid() {
        return process.pid();
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public List<String> linesStartingWith(String prefix) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.startsWith(prefix)).toList();
        }
    }

    public List<String> linesContaining(String text) {
        synchronized (lines) {
            return lines.stream().filter(l -> l.contains(text)).toList();
        }
    }

    public void kill() {
        process.destroyForcibly();
    }
}
