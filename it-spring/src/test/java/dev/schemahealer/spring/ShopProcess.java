package dev.schemahealer.spring;

import dev.schemahealer.spring.shop.ShopTraffic;
import dev.schemahealer.testing.ChildProcess;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The shop in a child JVM, with {@code -javaagent} on the built agent jar (or without the agent).
 * Its class path is this module's test class path without the agent's own classes: the child gets
 * those from the jar, relocated, as a real deployment does.
 */
final class ShopProcess {

    private final ChildProcess process;

    private ShopProcess(ChildProcess process) {
        this.process = process;
    }

    /**
     * @param agentArgs {@code null}: no agent
     * @param jvmArgs   extra JVM options (system properties)
     */
    static ShopProcess start(String agentArgs, List<String> jvmArgs, String... args) throws IOException {
        List<String> command = new ArrayList<>();
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
        return new ShopProcess(ChildProcess.java(command));
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

    /** Waits for a line starting with {@code prefix}. */
    String await(String prefix, long seconds) throws InterruptedException {
        return process.awaitLine(prefix, seconds);
    }

    /** Starts the traffic of a shop that printed READY. */
    void go() throws IOException {
        process.send("go");
    }

    int finish(long seconds) throws InterruptedException {
        return process.waitFor(seconds);
    }

    long value(String key) {
        List<String> found = starting(key + " ");
        if (found.size() != 1) {
            throw new AssertionError(key + " not printed once; output:\n" + output());
        }
        return Long.parseLong(found.get(0).substring(key.length() + 1).trim());
    }

    List<String> starting(String prefix) {
        return process.linesStartingWith(prefix);
    }

    List<String> containing(String text) {
        return process.linesContaining(text);
    }

    String output() {
        return process.output();
    }

    void kill() {
        process.kill();
    }
}
