package dev.schemahealer.bench;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.flywaydb.core.Flyway;

/**
 * Against Flyway, what most teams would use instead: the same release-2 change
 * ({@code customers.phone}) as a Flyway migration ({@code db/bench-flyway/V2__add_customer_phone.sql},
 * baseline 1) and as the agent's upgrade ({@code AddCustomerPhone}, {@code upgrades=bench/target/bench-upgrades}).
 * Per engine, on fresh release-1 databases, each instance a JVM of its own:
 * <ol>
 *   <li>deploy to serving: from the new instance's process start until its first release-2 select
 *       has its row; Flyway migrates at start-up, then serves; the agent serves and heals on that
 *       first select. Pairs, order alternating.</li>
 *   <li>a rolling deploy whose new code serves before the migration ran: 4 threads run the release-2
 *       select for {@code --window-ms}; with Flyway the migration runs {@code --migrate-after-ms}
 *       after the traffic started (the next instance's start-up, or a pipeline step); with the agent
 *       nothing else runs. Errors and answered statements.</li>
 * </ol>
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.schemahealer.bench.FlywayRolloutBenchmark [--pairs 3] [--window-ms 3000] [--migrate-after-ms 1000]
 * </pre>
 */
public final class FlywayRolloutBenchmark {

    static final String SQL = "select id, name, phone from customers where id = ?";

    private FlywayRolloutBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        int status = 0;
        try {
            List<String> args = Arrays.asList(argv);
            if (args.contains("--instance")) {
                instance(argv[1], argv[2], argv[3], argv[4]);
            } else if (args.contains("--rollout")) {
                rollout(argv[1], argv[2], argv[3], argv[4], Long.parseLong(argv[5]), Long.parseLong(argv[6]));
            } else {
                lead(args);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    private static void lead(List<String> args) throws Exception {
        int pairs = intOption(args, "--pairs", 3);
        long window = intOption(args, "--window-ms", 3000);
        long migrateAfter = intOption(args, "--migrate-after-ms", 1000);
        Path target = Path.of(FlywayRolloutBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                .getParent();
        String agent = "-javaagent:" + Agent.jar() + "=upgrades=" + target.resolve("bench-upgrades");
        System.out.println("==== FlywayRolloutBenchmark: " + pairs + " pair(s); rollout window " + window
                + " ms, Flyway migration " + migrateAfter + " ms into it; " + agent);
        for (Engine engine : Engine.values()) {
            List<Double> flyway = new ArrayList<>();
            List<Double> healed = new ArrayList<>();
            for (int i = 0; i < pairs; i++) {
                for (int k = 0; k < 2; k++) {
                    boolean withAgent = (i + k) % 2 == 1;
                    try (TestDatabase db = release1(engine)) {
                        long start = System.nanoTime();
                        child(withAgent ? agent : null, "--instance", withAgent ? "agent" : "flyway", db, "SERVING");
                        (withAgent ? healed : flyway).add((System.nanoTime() - start) / 1e6);
                    }
                }
            }
            String flywayRollout;
            String agentRollout;
            try (TestDatabase db = release1(engine)) {
                flywayRollout = child(null, "--rollout", "flyway", db, "ROLLOUT", Long.toString(window), Long.toString(migrateAfter));
            }
            try (TestDatabase db = release1(engine)) {
                agentRollout = child(agent, "--rollout", "agent", db, "ROLLOUT", Long.toString(window), Long.toString(migrateAfter));
            }
            if (pairs > 0) {
                System.out.printf(Locale.ROOT, "%s deploy to serving (process start to the first release-2 row), median ms:"
                                + " Flyway at start-up %.0f %s, agent %.0f %s%n", engine, median(flyway), flyway,
                        median(healed), healed);
            }
            System.out.println(engine + " rollout, Flyway: " + flywayRollout);
            System.out.println(engine + " rollout, agent:  " + agentRollout);
        }
    }

    private static TestDatabase release1(Engine engine) throws SQLException {
        TestDatabase db = TestDatabase.create(engine);
        try (Connection c = db.connect()) {
            Customers.create(c);
        }
        return db;
    }

    /** Runs a child JVM to its end and returns its line starting with {@code marker}. */
    private static String child(String agent, String mode, String variant, TestDatabase db, String marker,
                                String... extra) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            command.add(agent);
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), FlywayRolloutBenchmark.class.getName(),
                mode, variant, db.url(), db.user(), db.password()));
        command.addAll(List.of(extra));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String found = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                all.append(line).append('\n');
                if (found == null && line.startsWith(marker)) {
                    found = line;
                }
            }
        }
        if (p.waitFor() != 0 || found == null) {
            throw new IllegalStateException(mode + " " + variant + " failed:\n" + all);
        }
        return found.substring(marker.length()).trim();
    }

    private static void migrate(String url, String user, String password) {
        Flyway.configure().dataSource(url, user, password).locations("classpath:db/bench-flyway")
                .baselineOnMigrate(true).baselineVersion("1").load().migrate();
    }

    /** A new-code instance: Flyway migrates at start-up, or the agent heals; then the first release-2 row. */
    private static void instance(String variant, String url, String user, String password) throws SQLException {
        if (variant.equals("flyway")) {
            migrate(url, user, password);
        }
        try (Connection c = DriverManager.getConnection(url, user, password); PreparedStatement ps = c.prepareStatement(SQL)) {
            ps.setLong(1, 1);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                rs.getString("phone");
            }
        }
        System.out.println("SERVING");
    }

    /** New code serving before the migration: 4 threads, each its own connection, for the window. */
    private static void rollout(String variant, String url, String user, String password, long windowMs,
                                long migrateAfterMs) throws Exception {
        AtomicInteger errors = new AtomicInteger();
        AtomicInteger answered = new AtomicInteger();
        AtomicLong lastErrorMs = new AtomicLong(-1);
        // The window starts once every thread has its connection: traffic, not the JVM's start.
        long[] window = new long[2];
        CyclicBarrier connected = new CyclicBarrier(5, () -> {
            window[0] = System.nanoTime();
            window[1] = window[0] + windowMs * 1_000_000;
        });
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(url, user, password)) {
                    connected.await();
                    long start = window[0];
                    long end = window[1];
                    long id = 0;
                    while (System.nanoTime() < end) {
                        id = Customers.idAfter(id);
                        try (PreparedStatement ps = c.prepareStatement(SQL)) {
                            ps.setLong(1, id);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                            }
                            answered.incrementAndGet();
                        } catch (SQLException e) {
                            errors.incrementAndGet();
                            lastErrorMs.set((System.nanoTime() - start) / 1_000_000);
                        }
                    }
                } catch (SQLException | InterruptedException | BrokenBarrierException e) {
                    throw new IllegalStateException(e);
                }
            });
            thread.start();
            threads.add(thread);
        }
        connected.await();
        if (variant.equals("flyway")) {
            Thread.sleep(migrateAfterMs);
            migrate(url, user, password);
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("ROLLOUT errors " + errors.get() + ", answered " + answered.get()
                + ", last error at " + lastErrorMs.get() + " ms of " + windowMs + " ms");
    }

    private static double median(List<Double> values) {
        return StartupBenchmark.median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    private static int intOption(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }
}
