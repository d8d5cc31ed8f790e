package dev.schemahealer.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The herd: JVMs with the agent whose threads all hit the same missing column at the same moment,
 * against one heal alone. Per engine and round, on a fresh database with release-1
 * {@code customers(id, name)}:
 * <ol>
 *   <li>one heal: one JVM, one thread, the release-2 select {@code select id, name, loyalty ...}
 *       once; its latency (the JVM's first heal, as the herd's is);</li>
 *   <li>the herd: {@code --jvms} JVMs (2) x {@code --threads} threads (64), each JVM with a HikariCP
 *       pool of {@code --pool} connections (16; PostgreSQL allows 100 connections in all), warmed
 *       up; on a signal every thread borrows a connection and runs the same select once. Latency per
 *       statement from the signal to its row read (so it includes waiting for a pooled connection),
 *       errors, and how often the upgrade ran in all ({@code herd_apply_log}).</li>
 * </ol>
 * Goal: the herd's p99 within 3 x one heal; the upgrade runs once; no statement fails.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.schemahealer.bench.HerdBenchmark [--rounds 3] [--jvms 2] [--threads 64] [--pool 16]
 * </pre>
 *
 * The member JVMs get {@code -javaagent:<agent jar>=upgrades=bench/target/herd-upgrades}.
 */
public final class HerdBenchmark {

    static final String SQL = "select id, name, loyalty from customers where id = ?";

    private HerdBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        int status = 0;
        try {
            List<String> args = Arrays.asList(argv);
            if (args.contains("--member")) {
                member(argv);
            } else {
                lead(args);
            }
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status); // an embedded MariaDB keeps a non-daemon thread
    }

    private static void lead(List<String> args) throws Exception {
        int rounds = intOption(args, "--rounds", 3);
        int jvms = intOption(args, "--jvms", 2);
        int threads = intOption(args, "--threads", 64);
        int pool = intOption(args, "--pool", 16);
        Path target = Path.of(HerdBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI()).getParent();
        String agent = "-javaagent:" + Agent.jar() + "=upgrades=" + target.resolve("herd-upgrades");
        System.out.println("==== HerdBenchmark: " + rounds + " round(s); herd " + jvms + " JVMs x " + threads
                + " threads, pool " + pool + " per JVM; " + agent);
        for (Engine engine : Engine.values()) {
            List<Long> solo = new ArrayList<>();
            List<Long> herd = new ArrayList<>();
            int errors = 0;
            List<Integer> applies = new ArrayList<>();
            for (int r = 0; r < rounds; r++) {
                try (TestDatabase db = prepare(engine)) {
                    Result one = run(db, agent, 1, 1, 1);
                    solo.addAll(one.latencies());
                    errors += one.errors();
                }
                try (TestDatabase db = prepare(engine)) {
                    Result many = run(db, agent, jvms, threads, pool);
                    herd.addAll(many.latencies());
                    errors += many.errors();
                    applies.add(many.applies());
                }
            }
            double oneHeal = HealCostBenchmark.percentile(solo, 50) / 1e6;
            double p50 = HealCostBenchmark.percentile(herd, 50) / 1e6;
            double p99 = HealCostBenchmark.percentile(herd, 99) / 1e6;
            System.out.printf(Locale.ROOT, "%s: one heal median %.1f ms (%d samples); herd p50 %.1f ms, p99 %.1f ms, max %.1f ms"
                            + " (%d statements); p99 / one heal = %.2f (goal <= 3); upgrade runs per round %s (goal 1);"
                            + " errors %d (goal 0)%n",
                    engine, oneHeal, solo.size(), p50, p99, HealCostBenchmark.percentile(herd, 100) / 1e6, herd.size(),
                    p99 / oneHeal, applies, errors);
        }
    }

    private record Result(List<Long> latencies, int errors, int applies) {
    }

    private static TestDatabase prepare(Engine engine) throws SQLException {
        TestDatabase db = TestDatabase.create(engine);
        try (Connection c = db.connect()) {
            Customers.create(c);
            try (Statement s = c.createStatement()) {
                s.execute("create table herd_apply_log (pid bigint)");
            }
        }
        return db;
    }

    /** Starts the members, waits until each is ready, signals all, collects their results. */
    private static Result run(TestDatabase db, String agent, int jvms, int threads, int pool) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> members = new ArrayList<>();
        List<BufferedReader> outputs = new ArrayList<>();
        try {
            for (int j = 0; j < jvms; j++) {
                Process p = new ProcessBuilder(java, agent, "-cp", System.getProperty("java.class.path"),
                        HerdBenchmark.class.getName(), "--member", db.url(), db.user(), db.password(),
                        Integer.toString(threads), Integer.toString(pool))
                        .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                members.add(p);
                outputs.add(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)));
            }
            for (BufferedReader out : outputs) {
                expect(out, "READY");
            }
            for (Process p : members) { // as close together as two writes get
                Writer in = p.outputWriter(StandardCharsets.UTF_8);
                in.write("go\n");
                in.flush();
            }
            List<Long> latencies = new ArrayList<>();
            int errors = 0;
            for (BufferedReader out : outputs) {
                String[] lat = expect(out, "LATENCIES ").substring(10).trim().split(",");
                for (String l : lat) {
                    if (!l.isEmpty()) {
                        latencies.add(Long.parseLong(l));
                    }
                }
                errors += Integer.parseInt(expect(out, "ERRORS ").substring(7).trim());
            }
            for (Process p : members) {
                p.waitFor();
            }
            try (Connection c = db.connect(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("select count(*) from herd_apply_log")) {
                rs.next();
                return new Result(latencies, errors, rs.getInt(1));
            }
        } finally {
            members.forEach(Process::destroyForcibly);
        }
    }

    private static String expect(BufferedReader out, String prefix) throws IOException {
        for (String line; (line = out.readLine()) != null; ) {
            if (line.startsWith(prefix)) {
                return line;
            }
        }
        throw new IllegalStateException("a member JVM ended before printing " + prefix.trim());
    }

    /** One member JVM: args --member url user password threads pool. */
    private static void member(String[] argv) throws Exception {
        int threads = Integer.parseInt(argv[4]);
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(argv[1]);
        config.setUsername(argv[2]);
        config.setPassword(argv[3]);
        config.setMaximumPoolSize(Integer.parseInt(argv[5]));
        config.setMinimumIdle(Integer.parseInt(argv[5]));
        config.setConnectionTimeout(60_000);
        try (HikariDataSource pool = new HikariDataSource(config)) {
            List<Connection> warm = new ArrayList<>();
            for (int i = 0; i < config.getMaximumPoolSize(); i++) {
                warm.add(pool.getConnection());
            }
            for (Connection c : warm) {
                c.close();
            }
            CountDownLatch go = new CountDownLatch(1);
            long[] start = new long[1];
            long[] latencies = new long[threads];
            AtomicInteger errors = new AtomicInteger();
            List<Thread> herd = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int index = t;
                Thread thread = new Thread(() -> {
                    try {
                        go.await();
                        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement(SQL)) {
                            ps.setLong(1, index % Customers.ROWS + 1);
                            try (ResultSet rs = ps.executeQuery()) {
                                rs.next();
                                rs.getObject("loyalty");
                            }
                        }
                    } catch (SQLException | InterruptedException | RuntimeException e) {
                        errors.incrementAndGet();
                        System.err.println("herd statement failed: " + e);
                    }
                    latencies[index] = System.nanoTime() - start[0];
                });
                thread.start();
                herd.add(thread);
            }
            System.out.println("READY");
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            start[0] = System.nanoTime();
            go.countDown();
            for (Thread t : herd) {
                t.join();
            }
            StringBuilder line = new StringBuilder("LATENCIES ");
            for (long l : latencies) {
                line.append(l).append(',');
            }
            System.out.println(line);
            System.out.println("ERRORS " + errors.get());
            System.out.flush();
        }
    }

    private static int intOption(List<String> args, String name, int fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? Integer.parseInt(args.get(i + 1)) : fallback;
    }
}
