package dev.schemahealer.sample.demo;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs {@code java -jar schemahealer-agent.jar status} against the demo database, as an operator
 * would, and returns what it printed.
 */
final class StatusCommand {

    /** What the command printed and how it ended; {@code exitCode} -1 when it had to be stopped. */
    record Result(List<String> command, int exitCode, String output) {
    }

    private StatusCommand() {
    }

    /**
     * @param upgrades the jar or folder with the application's upgrades, so that {@code status} can
     *                 list those not applied anywhere yet; {@code null} to leave it out
     */
    static Result run(String java, Path agentJar, DemoDatabase db, Path upgrades) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(java, "-jar", agentJar.toString(), "status", "--url", db.url(),
                "--password-env", ServiceProcess.PASSWORD_VARIABLE));
        if (db.user() != null) {
            command.add("--user");
            command.add(db.user());
        }
        if (upgrades != null) {
            command.add("--upgrades");
            command.add(upgrades.toString());
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put(ServiceProcess.PASSWORD_VARIABLE, db.password());
        Process process = builder.start();
        process.getOutputStream().close();
        CompletableFuture<String> output = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            return new Result(command, -1, output.getNow("") + "\n(stopped after 60 s)");
        }
        return new Result(command, process.exitValue(), output.join());
    }

    private static String readAll(InputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "(output unreadable: " + e.getMessage() + ")";
        }
    }
}
