package dev.schemahealer.sample.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The demo end to end, as a user runs it: {@code java -jar schemahealer-demo.jar}, which starts the
 * service in a JVM of its own with {@code -javaagent} on the built agent jar. Short traffic; the
 * demo's own checks (no failed request, every upgrade once, every write once, the healed schema
 * equals release 2) decide its exit code.
 */
class DemoIT {

    private static final long TIMEOUT_SECONDS = 180;

    @Test
    void theDemoOnEmbeddedPostgresHealsEverythingAndExitsZero() throws Exception {
        Run run = demo(List.of("--seconds", "3", "--threads", "3"), null);
        assertPassed(run);
        assertTrue(run.output.contains("embedded server on port") && run.output.contains("(PostgreSQL "), run.output);
    }

    @Test
    void theDemoOnAMysqlServerGivenByUrlHealsEverythingAndExitsZero() throws Exception {
        // The demo makes a database of its own on the server; this one only lends its URL and credentials.
        try (TestDatabase server = TestDatabase.create(Engine.MYSQL)) {
            Run run = demo(List.of("--seconds", "3", "--threads", "3", "--url", server.url(), "--user", server.user(),
                    "--password-env", "SCHEMAHEALER_IT_PASSWORD"), server.password());
            assertPassed(run);
        }
    }

    private static void assertPassed(Run run) {
        assertEquals(0, run.exitCode, run.output);
        assertTrue(run.output.contains("[ ok ] no request failed"), run.output);
        assertTrue(run.output.contains("[ ok ] every upgrade applied exactly once (6/6 in the ledger)"), run.output);
        assertTrue(run.output.contains("[ ok ] every accepted write is in the database exactly once"), run.output);
        assertTrue(run.output.contains("[ ok ] the healed schema equals a fresh release-2 install"), run.output);
        assertTrue(run.output.contains("2026-11-01-04-orders-by-customer-index"), run.output);
        assertTrue(run.output.lines().anyMatch(l -> l.startsWith("PASS in ")), run.output);
    }

    private record Run(int exitCode, String output) {
    }

    private static Run demo(List<String> args, String password) throws IOException, InterruptedException {
        Path demoJar = existing("schemahealer.demo.jar");
        Path agentJar = existing("schemahealer.agent.jar");
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-jar", demoJar.toString(), "--agent", agentJar.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        if (password != null) {
            builder.environment().put("SCHEMAHEALER_IT_PASSWORD", password);
        }
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> {
            try {
                return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "(output unreadable: " + e + ")";
            }
        });
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            throw new AssertionError("the demo did not finish within " + TIMEOUT_SECONDS + " s:\n" + output.getNow(""));
        }
        String text = output.join();
        System.out.println(text); // the demo's report, in the failsafe log
        return new Run(process.exitValue(), text);
    }

    /** A jar the pom names by system property; the reactor builds both before this test runs. */
    private static Path existing(String property) {
        String value = System.getProperty(property);
        assertTrue(value != null && !value.isBlank(), "system property " + property + " is not set (run with mvn verify)");
        Path path = Path.of(value);
        assertTrue(Files.isRegularFile(path), property + " = " + path + " does not exist; build it with mvn -DskipTests package");
        return path;
    }
}
