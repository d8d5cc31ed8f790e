package dev.schemahealer.sample.demo;

import dev.schemahealer.sample.SampleService;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * The release-2 service in a JVM of its own, started the way production would start it:
 * {@code java -javaagent:schemahealer-agent.jar -cp ... SampleService}. Its output goes to a log
 * file; the lines of schemahealer (the agent's heals, the service's retries and errors) are also
 * handed to {@code echo} as they come, up to a limit.
 */
final class ServiceProcess implements AutoCloseable {

    /** The environment variable the child reads its password from: never on a command line. */
    static final String PASSWORD_VARIABLE = "SCHEMAHEALER_DEMO_PASSWORD";
    /** How the agent logs each upgrade it applied. */
    static final String APPLIED = "applied upgrade ";

    /** Enough for every heal of the demo; a flood (say, a stack trace per request) stays in the log file. */
    private static final int MAX_ECHOED = 60;

    private final Process process;
    private final Path log;
    private final CompletableFuture<Integer> port = new CompletableFuture<>();
    private final List<String> appliedLines = new ArrayList<>();
    private final Thread reader;
    private int echoed;

    private ServiceProcess(Process process, Path log, Consumer<String> echo) {
        this.process = process;
        this.log = log;
        this.reader = new Thread(() -> pump(echo), "service-output");
        this.reader.setDaemon(true);
        this.reader.start();
    }

    static ServiceProcess start(String java, Path agentJar, String classPath, DemoDatabase db, Path log,
                                Consumer<String> echo) throws IOException {
        List<String> command = new ArrayList<>(List.of(java, "-javaagent:" + agentJar, "-Xmx512m",
                "-cp", classPath, SampleService.class.getName(),
                "--url", db.url(), "--password-env", PASSWORD_VARIABLE, "--port", "0", "--pool-size", "8"));
        if (db.user() != null) {
            command.add("--user");
            command.add(db.user());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(PASSWORD_VARIABLE, db.password());
        return new ServiceProcess(builder.start(), log, echo);
    }

    /** Waits for the service's ready line; fails with the end of its log if it exits or takes too long. */
    int awaitPort(long timeoutSeconds) throws IOException, InterruptedException {
        try {
            return port.get(timeoutSeconds, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("the service did not start within " + timeoutSeconds + " s"
                    + (process.isAlive() ? "" : " (it exited with " + process.exitValue() + ")")
                    + "; its log " + log + " ends with:\n" + tail(20));
        }
    }

    Path log() {
        return log;
    }

    /** The agent's "applied upgrade ..." lines so far. */
    synchronized List<String> appliedLines() {
        return List.copyOf(appliedLines);
    }

    /** Stops the service as an orchestrator would (SIGTERM, then SIGKILL after 10 s). */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        }
        reader.join(2_000);
    }

    private void pump(Consumer<String> echo) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
                BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (line.startsWith(SampleService.READY)) {
                    port.complete(Integer.parseInt(line.substring(SampleService.READY.length()).trim()));
                    continue;
                }
                if (line.contains(APPLIED)) {
                    synchronized (this) {
                        appliedLines.add(line);
                    }
                }
                // The head line of each event from schemahealer's loggers (the agent's, the service's);
                // stack traces and everything else only in the log file.
                boolean eventHead = !line.isEmpty() && !Character.isWhitespace(line.charAt(0));
                if (eventHead && line.toLowerCase(Locale.ROOT).contains("schemahealer")) {
                    if (echoed < MAX_ECHOED) {
                        echo.accept(line);
                    } else if (echoed == MAX_ECHOED) {
                        echo.accept("(further lines only in " + log + ")");
                    }
                    echoed++;
                }
            }
        } catch (IOException | RuntimeException e) {
            port.completeExceptionally(e);
        }
        port.completeExceptionally(new IOException("the service's output ended"));
    }

    private String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
