package dev.schemahealer.bench;

import dev.schemahealer.testing.Engine;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import org.openjdk.jmh.results.BenchmarkResult;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.CommandLineOptionException;
import org.openjdk.jmh.runner.options.CommandLineOptions;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.util.ListStatistics;

/**
 * Runs the JMH benchmarks whose answer is a ratio, each variant in its own JMH run so that a
 * variant can get its own JVM arguments (the agent), and prints the ratios, as Markdown.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.schemahealer.bench.RatioRunner [--rounds N] happy|throughput|autosave|advice|all [JMH options]
 * </pre>
 *
 * <ul>
 *   <li>{@code happy}: {@link StatementHappyPathBenchmark} per engine, forks without and with
 *       {@code -javaagent:<agent jar>}; ratio with / without.</li>
 *   <li>{@code throughput}: {@link PooledThroughputBenchmark} per engine (4 threads over HikariCP),
 *       forks without and with the agent; ratio with / without (operations per ms).</li>
 *   <li>{@code autosave}: {@link AutosaveCostBenchmark} per {@code selects}: autosave=never,
 *       conservative, conservative with cleanupSavepoints, always; ratios to never.</li>
 *   <li>{@code advice}: {@link AdviceBenchmark}: plain, woven; ratio and
 *       difference.</li>
 * </ul>
 *
 * JMH options (for example {@code -f 1 -wi 3 -i 5 -w 2s -r 2s}) apply to every run; {@code -p engine=...}
 * and {@code -p selects=...} narrow the rows. The variants of a row run back to back; with
 * {@code --rounds N} each row is measured N times, alternating the order of its variants (ABC, CBA,
 * ...), so slow drift on a shared machine shows up as spread between rounds rather than as a bias.
 * <p>A score is the mean over the measurement iterations of each iteration's median latency (the
 * JDBC benchmarks run in SampleTime mode: bursts of load from other processes move a mean far more
 * than a median), and, in a second table, of each iteration's 10th percentile; for AverageTime
 * benchmarks, of each iteration's average; for StatementHappyPathBenchmark also the CPU time of
 * the benchmark thread per operation. Its ± is the 99.9% confidence half-width over the
 * iterations, as JMH computes it. A ratio's ± combines the relative
 * errors of its two scores (root of the sum of squares). With several rounds a cell reads
 * {@code median of the rounds [round 1; round 2; ...]}: the ratio's median is that of the per-round
 * ratios (each round's variants ran back to back), not the ratio of the median scores.
 */
public final class RatioRunner {

    private static final String HAPPY = StatementHappyPathBenchmark.class.getName() + ".selectById";
    private static final String THROUGHPUT = PooledThroughputBenchmark.class.getName() + ".selectById";
    private static final String AUTOSAVE = AutosaveCostBenchmark.class.getName() + ".transaction";
    private static final String ADVICE = AdviceBenchmark.class.getName();

    private record Variant(String label, String benchmark, Map<String, String> params, List<String> jvmArgs) {
    }

    private record Score(double score, double error, String unit, String statistic) {
    }

    private record Row(String name, List<Variant> variants) {
    }

    private record Table(String title, String rowHeader, List<Row> rows) {
    }

    private RatioRunner() {
    }

    public static void main(String[] args) throws Exception {
        int rounds = 1;
        int at = 0;
        if (args.length > at + 1 && args[at].equals("--rounds")) {
            rounds = Integer.parseInt(args[at + 1]);
            at += 2;
        }
        if (args.length <= at) {
            System.err.println("usage: RatioRunner [--rounds N] happy|throughput|autosave|advice|all [JMH options]");
            System.exit(2);
        }
        String what = args[at];
        String[] jmhArgs = java.util.Arrays.copyOfRange(args, at + 1, args.length);
        CommandLineOptions cli;
        try {
            cli = new CommandLineOptions(jmhArgs);
        } catch (CommandLineOptionException e) {
            System.err.println("bad JMH option: " + e.getMessage());
            System.exit(2);
            return;
        }
        List<Table> tables = new ArrayList<>();
        if (what.equals("happy") || what.equals("all")) {
            tables.add(happy(cli));
        }
        if (what.equals("throughput") || what.equals("all")) {
            tables.add(throughput(cli));
        }
        if (what.equals("autosave") || what.equals("all")) {
            tables.add(autosave(cli));
        }
        if (what.equals("advice") || what.equals("all")) {
            tables.add(advice());
        }
        if (tables.isEmpty()) {
            System.err.println("unknown comparison " + what + "; expected happy, throughput, autosave, advice or all");
            System.exit(2);
        }
        List<String> report = new ArrayList<>();
        for (Table table : tables) {
            report.addAll(measure(cli, table, rounds));
        }
        PrintStream out = System.out;
        out.println();
        out.println("==== RatioRunner summary (" + rounds + " round(s); JMH args: " + String.join(" ", jmhArgs) + ")");
        report.forEach(out::println);
    }

    private static Table happy(CommandLineOptions cli) {
        return withoutAndWithAgent(cli, HAPPY,
                "StatementHappyPathBenchmark.selectById: warm prepared select by id, autocommit");
    }

    private static Table throughput(CommandLineOptions cli) {
        return withoutAndWithAgent(cli, THROUGHPUT,
                "PooledThroughputBenchmark.selectById: 4 threads, HikariCP pool of 4, prepared select by id");
    }

    /** One row per engine: forks without and with {@code -javaagent}. */
    private static Table withoutAndWithAgent(CommandLineOptions cli, String benchmark, String title) {
        String agent = "-javaagent:" + Agent.jar();
        List<Row> rows = new ArrayList<>();
        for (String engine : cli.getParameter("engine").orElse(names(Engine.values()))) {
            rows.add(new Row(engine, List.of(
                    new Variant("without agent", benchmark, Map.of("engine", engine), List.of()),
                    new Variant("with agent", benchmark, Map.of("engine", engine), List.of(agent)))));
        }
        return new Table(title, "engine", rows);
    }

    private static Table autosave(CommandLineOptions cli) {
        List<Row> rows = new ArrayList<>();
        for (String selects : cli.getParameter("selects").orElse(List.of("1", "10"))) {
            List<Variant> variants = new ArrayList<>();
            for (String mode : List.of("never", "conservative", "conservative+cleanup", "always")) {
                variants.add(new Variant("autosave=" + mode, AUTOSAVE,
                        Map.of("autosave", mode, "selects", selects), List.of()));
            }
            rows.add(new Row(selects + " select(s) + commit", variants));
        }
        return new Table("AutosaveCostBenchmark.transaction: PostgreSQL, warm prepared selects in a transaction",
                "transaction", rows);
    }

    private static Table advice() {
        return new Table("AdviceBenchmark: a method that returns normally, no database", "method", List.of(
                new Row("executeQuery()", List.of(
                        new Variant("plain", ADVICE + ".plain", Map.of(), List.of()),
                        new Variant("woven", ADVICE + ".woven", Map.of(), List.of())))));
    }

    private static Collection<String> names(Enum<?>[] values) {
        List<String> names = new ArrayList<>();
        for (Enum<?> v : values) {
            names.add(v.name());
        }
        return names;
    }

    private static List<String> measure(CommandLineOptions cli, Table table, int rounds) throws RunnerException {
        // results.get(row)[variant][round] = that run's scores, one per statistic
        Map<Row, List<List<List<Score>>>> results = new LinkedHashMap<>();
        for (Row row : table.rows()) {
            List<List<List<Score>>> perVariant = new ArrayList<>();
            row.variants().forEach(v -> perVariant.add(new ArrayList<>()));
            results.put(row, perVariant);
            for (int round = 0; round < rounds; round++) {
                for (int k = 0; k < row.variants().size(); k++) {
                    int i = round % 2 == 0 ? k : row.variants().size() - 1 - k;
                    perVariant.get(i).add(run(cli, row.variants().get(i)));
                }
            }
        }
        List<String> lines = new ArrayList<>();
        int statistics = results.values().iterator().next().get(0).get(0).size();
        for (int st = 0; st < statistics; st++) {
            Map<Row, List<List<Score>>> scores = new LinkedHashMap<>();
            for (Map.Entry<Row, List<List<List<Score>>>> e : results.entrySet()) {
                List<List<Score>> perVariant = new ArrayList<>();
                for (List<List<Score>> variantRounds : e.getValue()) {
                    List<Score> r = new ArrayList<>();
                    for (List<Score> run : variantRounds) {
                        r.add(run.get(st));
                    }
                    perVariant.add(r);
                }
                scores.put(e.getKey(), perVariant);
            }
            lines.addAll(table(table, scores));
        }
        return lines;
    }

    private static List<String> table(Table table, Map<Row, List<List<Score>>> scores) {
        List<String> lines = new ArrayList<>();
        List<Variant> header = table.rows().get(0).variants();
        Score first = scores.values().iterator().next().get(0).get(0);
        String unit = first.unit();
        lines.add("");
        lines.add("### " + table.title() + " (" + unit + ": " + first.statistic()
                + ", mean over iterations ± 99.9% CI)");
        lines.add("");
        StringBuilder h = new StringBuilder("| " + table.rowHeader() + " |");
        StringBuilder sep = new StringBuilder("|---|");
        for (Variant v : header) {
            h.append(' ').append(v.label()).append(" |");
            sep.append("---:|");
        }
        for (int i = 1; i < header.size(); i++) {
            h.append(' ').append(header.get(i).label()).append(" / ").append(header.get(0).label()).append(" |");
            sep.append("---:|");
        }
        if (header.size() == 2) {
            h.append(" difference |");
            sep.append("---:|");
        }
        lines.add(h.toString());
        lines.add(sep.toString());
        for (Map.Entry<Row, List<List<Score>>> e : scores.entrySet()) {
            List<List<Score>> perVariant = e.getValue();
            StringBuilder line = new StringBuilder("| " + e.getKey().name() + " |");
            for (List<Score> s : perVariant) {
                line.append(' ').append(scoreCell(s)).append(" |");
            }
            for (int i = 1; i < perVariant.size(); i++) {
                line.append(' ').append(ratioCell(perVariant.get(0), perVariant.get(i))).append(" |");
            }
            if (perVariant.size() == 2) {
                double diff = medianScore(perVariant.get(1)) - medianScore(perVariant.get(0));
                line.append(' ').append(String.format(Locale.ROOT, "%+.3f %s", diff, unit)).append(" |");
            }
            lines.add(line.toString());
        }
        return lines;
    }

    /**
     * One JMH run of one variant. Its scores: for SampleTime, per measurement iteration the median
     * latency and the 10th percentile (the fast mode: what the code costs when no other process and no
     * idle CPU's wake-up gets in the way); for AverageTime, per iteration the average. Each as the mean
     * over the iterations ± the 99.9% confidence half-width.
     */
    private static List<Score> run(CommandLineOptions cli, Variant v) throws RunnerException {
        ChainedOptionsBuilder b = new OptionsBuilder().parent(cli).include(Pattern.quote(v.benchmark()) + "$");
        v.params().forEach(b::param);
        List<String> jvmArgs = new ArrayList<>(cli.getJvmArgsAppend().orElse(List.of()));
        jvmArgs.addAll(v.jvmArgs());
        b.jvmArgsAppend(jvmArgs.toArray(String[]::new));
        System.out.println("\n>>>> " + v.benchmark() + " " + v.params() + " " + v.label());
        Collection<RunResult> results = new Runner(b.build()).run();
        if (results.size() != 1) {
            throw new IllegalStateException("expected one result for " + v + ", got " + results.size());
        }
        RunResult run = results.iterator().next();
        boolean sampled = run.getParams().getMode() == org.openjdk.jmh.annotations.Mode.SampleTime;
        double[] percentiles = sampled ? new double[] {50, 10} : new double[] {50};
        List<Score> scores = new ArrayList<>();
        for (double p : percentiles) {
            ListStatistics perIteration = new ListStatistics();
            String unit = null;
            for (IterationResult it : iterations(run)) {
                // AverageTime: an iteration has one value, its own average.
                perIteration.addValue(it.getPrimaryResult().getStatistics().getPercentile(p));
                unit = it.getPrimaryResult().getScoreUnit();
            }
            String statistic = run.getParams().getMode() == org.openjdk.jmh.annotations.Mode.Throughput
                    ? "throughput per iteration"
                    : !sampled ? "average latency per iteration"
                    : p == 50 ? "median latency per iteration" : "10th percentile latency per iteration";
            scores.add(new Score(perIteration.getMean(), perIteration.getMeanErrorAt(0.999), unit, statistic));
        }
        // StatementHappyPathBenchmark.ClientCpu: the benchmark thread's CPU time per operation.
        ListStatistics cpu = new ListStatistics();
        for (IterationResult it : iterations(run)) {
            var secondary = it.getSecondaryResults();
            if (secondary.containsKey("cpuNanos") && secondary.containsKey("cpuOps")
                    && secondary.get("cpuOps").getScore() > 0) {
                cpu.addValue(secondary.get("cpuNanos").getScore() / secondary.get("cpuOps").getScore() / 1000);
            }
        }
        if (cpu.getN() > 0) {
            scores.add(new Score(cpu.getMean(), cpu.getMeanErrorAt(0.999), "us/op",
                    "CPU time of the benchmark thread per operation"));
        }
        return scores;
    }

    private static List<IterationResult> iterations(RunResult run) {
        List<IterationResult> all = new ArrayList<>();
        for (BenchmarkResult fork : run.getBenchmarkResults()) {
            all.addAll(fork.getIterationResults());
        }
        return all;
    }

    private static double median(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    private static double medianScore(List<Score> s) {
        return median(s.stream().map(Score::score).toList());
    }

    /** One round: {@code score ± error}; more: {@code median [round 1 ± error; round 2 ± error; ...]}. */
    private static String scoreCell(List<Score> s) {
        List<String> rounds = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        for (Score x : s) {
            rounds.add(String.format(Locale.ROOT, "%.2f ± %.2f", x.score(), x.error()));
            values.add(x.score());
        }
        return s.size() == 1 ? rounds.get(0)
                : String.format(Locale.ROOT, "**%.3f** [%s]", median(values), String.join("; ", rounds));
    }

    /** The same shape for the ratio other / base, round by round. */
    private static String ratioCell(List<Score> base, List<Score> other) {
        List<String> rounds = new ArrayList<>();
        List<Double> ratios = new ArrayList<>();
        for (int i = 0; i < base.size(); i++) {
            Score a = base.get(i);
            Score b = other.get(i);
            double ratio = b.score() / a.score();
            double err = ratio * Math.sqrt(sq(a.error() / a.score()) + sq(b.error() / b.score()));
            rounds.add(String.format(Locale.ROOT, "%.2f ± %.2f", ratio, err));
            ratios.add(ratio);
        }
        return base.size() == 1 ? rounds.get(0)
                : String.format(Locale.ROOT, "**%.3f** [%s]", median(ratios), String.join("; ", rounds));
    }

    private static double sq(double x) {
        return x * x;
    }
}
