package dev.schemahealer.bench;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What a heal costs the statement that triggers it, and what a miss that nothing heals costs. A plain
 * main, not JMH: each sample needs a fresh database. Start it with the agent and the benchmark's
 * upgrade folder:
 *
 * <pre>
 * java -javaagent:agent/target/schemahealer-agent.jar=upgrades=bench/target/bench-upgrades \
 *      -cp bench/target/benchmarks.jar dev.schemahealer.bench.HealCostBenchmark [--iterations 20] [--warmup 3] [--repeat 20]
 * </pre>
 *
 * Per engine and iteration: a fresh database with the release-1 tables {@code customers(id, name)}
 * and {@code orders(id)}, one application connection in autocommit, then
 * <ol>
 *   <li>the release-1 select, warm ({@code --repeat} times): the reference;</li>
 *   <li>the release-2 select {@code select id, name, phone from customers ...}, once: it misses
 *       {@code phone}, the agent heals ({@code AddCustomerPhone}, found only through
 *       {@code upgrades=}: dedicated connection, lock, ledger create/read, DDL, ledger write) and
 *       retries; timed from executeQuery to the row read;</li>
 *   <li>the same prepared statement again, warm ({@code --repeat} times);</li>
 *   <li>{@code select id, name, email ...}, once: a second heal ({@code AddCustomerEmail}), the
 *       ledger exists by now;</li>
 *   <li>{@code select id, name, nickname ...} ({@code --repeat} times): a miss no upgrade names, with
 *       nothing pending;</li>
 *   <li>{@code select id, phone from orders ...} ({@code --repeat} times): a miss whose name an
 *       upgrade heals ({@code phone}), already applied: nothing pending either, but the agent has to
 *       look at the database's state to know.</li>
 * </ol>
 * The same iterations without the agent (misses only) run in a child JVM started alongside, in
 * lock step (agent/child, child/agent, ...), so both see the machine in the same state. Heals are one
 * sample per database; the repeated measurements are pooled over the databases. The first
 * {@code --warmup} databases of each engine warm the JVMs and are not counted (the very first heal
 * in the JVM is printed apart, as "cold").
 */
public final class HealCostBenchmark {

    static final String HEAL_SQL = "select id, name, phone from customers where id = ?";
    static final String SECOND_HEAL_SQL = "select id, name, email from customers where id = ?";
    static final String UNHEALABLE_SQL = "select id, name, nickname from customers where id = ?";
    static final String HEALED_NAME_SQL = "select id, phone from orders where id = ?";
    /** What a heal is compared with: the DDL an upgrade runs, executed directly. */
    static final String BARE_DDL = "alter table customers add column fax varchar(32)";
    private static final String FIRST_UPGRADE = "2026-01-01-bench-add-customer-phone";
    private static final String SECOND_UPGRADE = "2026-01-02-bench-add-customer-email";
    private static final String RESULT = "#result ";
    private static final String DONE = "#done";

    private int iterations = 20;
    private int warmup = 3;
    private int repeat = 20;
    /** This JVM is the child without the agent: it runs the iterations it is told to on stdin. */
    private boolean baseline;
    private final List<Engine> engines = new ArrayList<>(List.of(Engine.values()));

    /** name -> samples in nanoseconds (ledger durations: milliseconds * 1e6), per engine. */
    private final Map<Engine, Map<String, List<Long>>> samples = new EnumMap<>(Engine.class);

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            new HealCostBenchmark().run(args);
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        // An embedded MariaDB keeps a non-daemon thread: end the JVM explicitly (see TestDatabase).
        System.exit(status);
    }

    private void run(String[] args) throws Exception {
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--iterations" -> iterations = Integer.parseInt(args[++i]);
                case "--warmup" -> warmup = Integer.parseInt(args[++i]);
                case "--repeat" -> repeat = Integer.parseInt(args[++i]);
                case "--engines" -> {
                    engines.clear();
                    for (String e : args[++i].split(",")) {
                        engines.add(Engine.valueOf(e.trim().toUpperCase(Locale.ROOT)));
                    }
                }
                case "--baseline" -> baseline = true;
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; options: --iterations N --warmup N --repeat N --engines POSTGRESQL,MYSQL");
            }
        }
        if (baseline) {
            if (Agent.active()) {
                throw new IllegalStateException("--baseline measures without the agent; start it without -javaagent");
            }
            serve();
            return;
        }
        if (!Agent.active()) {
            throw new IllegalStateException("the agent is not loaded: start with "
                    + "-javaagent:agent/target/schemahealer-agent.jar=upgrades=bench/target/bench-upgrades");
        }
        try (Child child = Child.start(repeat)) {
            for (Engine engine : engines) {
                System.err.println("[bench] " + engine + ": " + TestDatabase.describe(engine));
                for (int it = -warmup; it < iterations; it++) {
                    if (Math.floorMod(it, 2) == 0) {
                        iteration(engine, it);
                        child.iteration(engine, it, this);
                    } else {
                        child.iteration(engine, it, this);
                        iteration(engine, it);
                    }
                }
            }
        }
        report();
    }

    /** The child: one iteration per line "ENGINE ITERATION" on stdin, its samples back on stdout. */
    private void serve() throws IOException, SQLException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        PrintStream out = System.out;
        String line;
        while ((line = in.readLine()) != null) {
            String[] parts = line.trim().split(" ");
            Engine engine = Engine.valueOf(parts[0]);
            iteration(engine, Integer.parseInt(parts[1]));
            for (Map.Entry<String, List<Long>> s : samples.getOrDefault(engine, Map.of()).entrySet()) {
                out.println(RESULT + engine + " " + s.getKey() + " " + join(s.getValue()));
            }
            samples.clear();
            out.println(DONE);
            out.flush();
        }
    }

    private void iteration(Engine engine, int it) throws SQLException {
        boolean counted = it >= 0;
        try (TestDatabase db = TestDatabase.create(engine); Connection c = db.connect()) {
            Customers.create(c);
            try (Statement s = c.createStatement()) {
                s.execute("create table orders (id bigint primary key)");
                s.execute("insert into orders (id) values (1)");
            }
            // Reference for the heal, which opens a dedicated connection: what opening one costs here.
            long t = System.nanoTime();
            db.connect().close();
            record(engine, "connect", System.nanoTime() - t, counted);
            long id = 0;
            try (PreparedStatement release1 = c.prepareStatement(Customers.SELECT_BY_ID)) {
                for (int i = 0; i < repeat; i++) {
                    id = Customers.idAfter(id);
                    long t0 = System.nanoTime();
                    Customers.read(release1, id);
                    record(engine, "release1Warm", System.nanoTime() - t0, counted);
                }
            }
            if (!baseline) {
                try (PreparedStatement release2 = c.prepareStatement(HEAL_SQL)) {
                    id = Customers.idAfter(id);
                    long t0 = System.nanoTime();
                    readWith(release2, id, "phone");
                    long healed = System.nanoTime() - t0;
                    if (it == -warmup && engine == engines.get(0)) {
                        record(engine, "coldHeal", healed, true);
                    }
                    record(engine, "heal", healed, counted);
                    for (int i = 0; i < repeat; i++) {
                        id = Customers.idAfter(id);
                        t0 = System.nanoTime();
                        readWith(release2, id, "phone");
                        record(engine, "release2Warm", System.nanoTime() - t0, counted);
                    }
                }
                try (PreparedStatement second = c.prepareStatement(SECOND_HEAL_SQL)) {
                    id = Customers.idAfter(id);
                    long t0 = System.nanoTime();
                    readWith(second, id, "email");
                    record(engine, "secondHeal", System.nanoTime() - t0, counted);
                }
                // The same kind of DDL the upgrades run, alone, on the application's connection.
                try (Statement s = c.createStatement()) {
                    long t0 = System.nanoTime();
                    s.execute(BARE_DDL);
                    record(engine, "bareDdl", System.nanoTime() - t0, counted);
                }
                record(engine, "upgradeApply", ledgerDurationMs(c, FIRST_UPGRADE) * 1_000_000, counted);
                record(engine, "secondUpgradeApply", ledgerDurationMs(c, SECOND_UPGRADE) * 1_000_000, counted);
            } else {
                try (PreparedStatement release2 = c.prepareStatement(HEAL_SQL)) {
                    for (int i = 0; i < repeat; i++) {
                        record(engine, "missBare", timeMiss(release2), counted);
                    }
                }
            }
            try (PreparedStatement unhealable = c.prepareStatement(UNHEALABLE_SQL)) {
                for (int i = 0; i < repeat; i++) {
                    record(engine, "unhealableMiss", timeMiss(unhealable), counted);
                }
            }
            try (PreparedStatement healedName = c.prepareStatement(HEALED_NAME_SQL)) {
                for (int i = 0; i < repeat; i++) {
                    record(engine, "healedNameMiss", timeMiss(healedName), counted);
                }
            }
        }
    }

    private static void readWith(PreparedStatement ps, long id, String column) throws SQLException {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getLong("id") != id) {
                throw new IllegalStateException("customer " + id + " not found");
            }
            rs.getString(column);
        }
    }

    /** Times a statement that must fail with a missing column. */
    private static long timeMiss(PreparedStatement ps) {
        try {
            ps.setLong(1, 1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        long t0 = System.nanoTime();
        try {
            ps.executeQuery().close();
        } catch (SQLException e) {
            long t = System.nanoTime() - t0;
            if (!"42703".equals(e.getSQLState()) && e.getErrorCode() != 1054) {
                throw new IllegalStateException("expected a missing column, got " + e, e);
            }
            return t;
        }
        throw new IllegalStateException("the statement was expected to miss a column, and it worked");
    }

    private static long ledgerDurationMs(Connection c, String upgradeId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select duration_ms from schemahealer_history where upgrade_id = ?")) {
            ps.setString(1, upgradeId);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("no ledger row for " + upgradeId);
                }
                return rs.getLong(1);
            }
        }
    }

    private void record(Engine engine, String name, long nanos, boolean counted) {
        if (counted) {
            samples.computeIfAbsent(engine, e -> new LinkedHashMap<>())
                    .computeIfAbsent(name, n -> new ArrayList<>()).add(nanos);
        }
    }

    /** The child JVM without the agent, same class path, driven one iteration at a time. */
    private static final class Child implements AutoCloseable {
        private final Process process;
        private final Writer in;
        private final BufferedReader out;

        private Child(Process process) {
            this.process = process;
            this.in = process.outputWriter(StandardCharsets.UTF_8);
            this.out = process.inputReader(StandardCharsets.UTF_8);
        }

        static Child start(int repeat) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> command = List.of(java, "-cp", System.getProperty("java.class.path"),
                    HealCostBenchmark.class.getName(), "--baseline", "--repeat", Integer.toString(repeat));
            System.err.println("[bench] the same iterations without the agent, in lock step: " + String.join(" ", command));
            return new Child(new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start());
        }

        void iteration(Engine engine, int it, HealCostBenchmark into) throws IOException {
            in.write(engine + " " + it + "\n");
            in.flush();
            String line;
            while ((line = out.readLine()) != null && !line.equals(DONE)) {
                if (!line.startsWith(RESULT)) {
                    System.out.println("[baseline] " + line);
                    continue;
                }
                String[] parts = line.substring(RESULT.length()).split(" ");
                List<Long> values = Arrays.stream(parts[2].split(",")).map(Long::valueOf).toList();
                into.samples.computeIfAbsent(Engine.valueOf(parts[0]), e -> new LinkedHashMap<>())
                        .computeIfAbsent("noAgent." + parts[1], n -> new ArrayList<>()).addAll(values);
            }
            if (line == null) {
                throw new IllegalStateException("the baseline JVM ended early (exit code "
                        + (process.isAlive() ? "?" : process.exitValue()) + ")");
            }
        }

        @Override
        public void close() throws IOException, InterruptedException {
            in.close();
            if (process.waitFor() != 0) {
                throw new IllegalStateException("the baseline JVM failed with exit code " + process.exitValue());
            }
        }
    }

    private void report() {
        System.out.println();
        System.out.println("==== HealCostBenchmark: " + iterations + " fresh databases per engine (after " + warmup
                + " warm-up ones), " + repeat + " repetitions per database for the warm and miss rows;"
                + " milliseconds");
        System.out.println();
        System.out.println("| engine | measurement | samples | median ms | p90 ms |");
        System.out.println("|---|---|---:|---:|---:|");
        String[][] rows = {
                {"release1Warm", "release-1 select, warm (reference)"},
                {"noAgent.release1Warm", "release-1 select, warm, without agent (reference)"},
                {"connect", "opening and closing a new connection (reference)"},
                {"heal", "release-2 select, first run: miss + first heal on the database (creates the ledger) + retry"},
                {"upgradeApply", "&nbsp;&nbsp;of which the upgrade's apply() (ledger duration_ms, 1 ms resolution)"},
                {"release2Warm", "release-2 select afterwards, warm"},
                {"secondHeal", "another release-2 select, first run: miss + second heal (ledger exists) + retry"},
                {"secondUpgradeApply", "&nbsp;&nbsp;of which the upgrade's apply() (ledger duration_ms)"},
                {"bareDdl", "the bare DDL alone (alter table customers add column fax varchar(32)), same database"},
                {"noAgent.missBare", "the release-2 miss without agent: what the statement costs when it just fails"},
                {"unhealableMiss", "miss no upgrade names (nothing pending), with agent"},
                {"noAgent.unhealableMiss", "the same miss without agent"},
                {"healedNameMiss", "miss an applied upgrade names (nothing pending), with agent"},
                {"noAgent.healedNameMiss", "the same miss without agent"},
                {"coldHeal", "first heal in the JVM (cold; not in the rows above)"},
        };
        for (Engine engine : engines) {
            Map<String, List<Long>> s = samples.getOrDefault(engine, Map.of());
            for (String[] row : rows) {
                List<Long> values = s.get(row[0]);
                if (values == null || values.isEmpty()) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "| %s | %s | %d | %.3f | %.3f |%n", engine, row[1], values.size(),
                        percentile(values, 50) / 1e6, percentile(values, 90) / 1e6);
            }
            ratio(engine, s, "unhealableMiss", "miss no upgrade names");
            ratio(engine, s, "healedNameMiss", "miss an applied upgrade names");
            ratio(engine, s, "release1Warm", "release-1 select, warm");
            List<Long> heal = s.get("heal");
            List<Long> warm = s.get("release2Warm");
            List<Long> ddl = s.get("bareDdl");
            if (heal != null && ddl != null) {
                System.out.printf(Locale.ROOT, "| %s | **heal minus the bare DDL (medians; goal: within 20 ms)**: first heal, second heal | | %.1f, %.1f | |%n",
                        engine, (percentile(heal, 50) - percentile(ddl, 50)) / 1e6,
                        (percentile(s.get("secondHeal"), 50) - percentile(ddl, 50)) / 1e6);
            }
            if (heal != null && warm != null) {
                System.out.printf(Locale.ROOT, "| %s | heal, first run / warm run (medians) | | %.1f | |%n",
                        engine, percentile(heal, 50) / percentile(warm, 50));
            }
        }
    }

    private static void ratio(Engine engine, Map<String, List<Long>> s, String name, String label) {
        List<Long> with = s.get(name);
        List<Long> without = s.get("noAgent." + name);
        if (with != null && without != null) {
            System.out.printf(Locale.ROOT, "| %s | %s, with / without agent (medians; p90s) | | %.3f | %.3f |%n",
                    engine, label, percentile(with, 50) / percentile(without, 50),
                    percentile(with, 90) / percentile(without, 90));
        }
    }

    /** Nearest-rank percentile. */
    static double percentile(List<Long> values, int p) {
        long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length, rank) - 1)];
    }

    private static String join(List<Long> values) {
        StringBuilder b = new StringBuilder();
        for (Long v : values) {
            if (b.length() > 0) {
                b.append(',');
            }
            b.append(v);
        }
        return b.toString();
    }
}
