package dev.schemahealer.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the agent adds to a JVM's start: the {@link TinyJdbcProgram} (connect to PostgreSQL,
 * {@code select 1}, exit) and the sample service (start, open its pool, until the first
 * {@code GET /health} is answered), each started without and with {@code -javaagent}, in pairs
 * whose order alternates (without/with, with/without, ...). Reported: the medians of each
 * variant and the median of the per-pair differences, for wall time (process start to exit, or to
 * the first answer), the child's own CPU time and its peak resident memory (VmHWM).
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar dev.schemahealer.bench.StartupBenchmark [--pairs 15] [--service-pairs 5]
 *      [--agent-args mode=off] [--floor] [--smoke]
 * </pre>
 *
 * {@code --floor} also runs the tiny program's pairs with {@link NoopTransformerAgent} in place of
 * the agent: what any agent that weaves classes as they load costs before it does anything.
 *
 * PostgreSQL from {@code SCHEMAHEALER_TEST_PG_URL} / {@code _USER} / {@code _PASSWORD}; default
 * {@code jdbc:postgresql://127.0.0.1:5432/postgres}, user {@code postgres}. The children's class
 * path is {@code bench/target/classes} plus the drivers in {@code bench/target/startup-libs}; the
 * service's is {@code sample-app/target/schemahealer-demo.jar} (skipped when it is not built).
 * {@code --smoke} runs one pair of each, for CI.
 */
public final class StartupBenchmark {

    private record Sample(double wallMs, double cpuMs, double peakMib) {
    }

    private StartupBenchmark() {
    }

    public static void main(String[] argv) throws Exception {
        List<String> args = Arrays.asList(argv);
        boolean smoke = args.contains("--smoke");
        int pairs = smoke ? 1 : intOption(args, "--pairs", 15);
        int servicePairs = smoke ? 1 : intOption(args, "--service-pairs", 5);
        String agentArgs = option(args, "--agent-args", "");
        String url = env("SCHEMAHEALER_TEST_PG_URL", "jdbc:postgresql://127.0.0.1:5432/postgres");
        String user = env("SCHEMAHEALER_TEST_PG_USER", "postgres");
        String password = env("SCHEMAHEALER_TEST_PG_PASSWORD", "");
        Path target = benchTarget();
        String agent = "-javaagent:" + Agent.jar() + (agentArgs.isEmpty() ? "" : "=" + agentArgs);

        String tinyClassPath = Stream.concat(Stream.of(target.resolve("classes")), jars(target.resolve("startup-libs")))
                .map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
        System.out.printf(Locale.ROOT, "agent: %s%nmachine: %d CPUs, load average %s%n", agent,
                Runtime.getRuntime().availableProcessors(), loadAverage());

        report("tiny JDBC program (connect, select 1, exit)",
                pairs(pairs, javaAgent -> runTiny(javaAgent, tinyClassPath, url, user, password), agent));
        if (args.contains("--floor")) {
            report("tiny JDBC program, floor: a -javaagent registering one transformer that changes nothing",
                    pairs(pairs, javaAgent -> runTiny(javaAgent, tinyClassPath, url, user, password),
                            "-javaagent:" + NoopTransformerAgent.jar()));
        }

        Path service = target.resolve("../../sample-app/target/schemahealer-demo.jar").normalize();
        if (servicePairs == 0) {
            return;
        }
        if (!Files.isRegularFile(service)) {
            System.out.println("sample service: skipped, " + service + " is not built (mvn -q -DskipTests package)");
            return;
        }
        report("sample service: start to first served GET /health (pool open)",
                pairs(servicePairs, javaAgent -> runService(javaAgent, service, url, user, password), agent));
        System.out.printf(Locale.ROOT, "load average at the end: %s%n", loadAverage());
    }

    /** A start of the child, with {@code -javaagent} or without it ({@code null}). */
    private interface Start {
        Sample run(String javaAgent) throws Exception;
    }

    /** {@code n} pairs {without, with}, the order alternating: without first, then with first, ... */
    private static List<Sample[]> pairs(int n, Start start, String agent) throws Exception {
        List<Sample[]> pairs = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Sample[] pair = new Sample[2];
            for (int k = 0; k < 2; k++) {
                boolean withAgent = (i + k) % 2 == 1;
                pair[withAgent ? 1 : 0] = start.run(withAgent ? agent : null);
            }
            pairs.add(pair);
        }
        return pairs;
    }

    private static Sample runTiny(String agent, String classPath, String url, String user, String password)
            throws IOException, InterruptedException {
        List<String> command = javaCommand(agent);
        command.addAll(List.of("-cp", classPath, TinyJdbcProgram.class.getName(), url, user, password));
        long start = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String stats = null;
        StringBuilder output = new StringBuilder();
        try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = in.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith("STATS ")) {
                    stats = line;
                }
            }
        }
        int exit = p.waitFor();
        double wallMs = (System.nanoTime() - start) / 1e6;
        if (exit != 0 || stats == null) {
            throw new IllegalStateException("the tiny program failed (exit " + exit + "):\n" + output);
        }
        String[] f = stats.split(" ");
        return new Sample(wallMs, Double.parseDouble(f[1]), Double.parseDouble(f[2]) / 1024);
    }

    private static Sample runService(String agent, Path jar, String url, String user, String password)
            throws IOException, InterruptedException, URISyntaxException {
        List<String> command = javaCommand(agent);
        command.addAll(List.of("-cp", jar.toString(), "dev.schemahealer.sample.SampleService",
                "--url", url, "--user", user, "--password-env", "STARTUP_BENCH_PASSWORD", "--port", "0", "--pool-size", "4"));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("STARTUP_BENCH_PASSWORD", password);
        long start = System.nanoTime();
        Process p = builder.start();
        try {
            BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String prefix = "sample service listening on port ";
            int port = -1;
            StringBuilder output = new StringBuilder();
            for (String line; port < 0 && (line = in.readLine()) != null; ) {
                output.append(line).append('\n');
                if (line.startsWith(prefix)) {
                    port = Integer.parseInt(line.substring(prefix.length()).trim());
                }
            }
            if (port < 0) {
                throw new IllegalStateException("the sample service did not start:\n" + output);
            }
            Thread drain = new Thread(() -> in.lines().forEach(l -> { }), "drain");
            drain.setDaemon(true);
            drain.start();
            URI health = new URI("http://127.0.0.1:" + port + "/health");
            while (true) {
                HttpURLConnection c = (HttpURLConnection) health.toURL().openConnection();
                try {
                    if (c.getResponseCode() == 200) {
                        break;
                    }
                } catch (IOException notYet) {
                    Thread.sleep(1);
                } finally {
                    c.disconnect();
                }
            }
            double wallMs = (System.nanoTime() - start) / 1e6;
            double peakMib = TinyJdbcProgram.peakKib(Path.of("/proc/" + p.pid() + "/status")) / 1024.0;
            return new Sample(wallMs, cpuMillis(p), peakMib);
        } finally {
            p.destroy();
            p.waitFor();
        }
    }

    private static double cpuMillis(Process p) {
        return p.info().totalCpuDuration().map(d -> (double) d.toMillis()).orElse(-1.0);
    }

    private static List<String> javaCommand(String agent) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        if (agent != null) {
            command.add(agent);
        }
        return command;
    }

    private static void report(String title, List<Sample[]> pairs) {
        System.out.printf(Locale.ROOT, "%n%s, %d pairs (median without | median with | median of the per-pair differences [each pair])%n",
                title, pairs.size());
        row("wall time, ms", pairs, Sample::wallMs);
        row("CPU time, ms", pairs, Sample::cpuMs);
        row("peak RSS, MiB", pairs, Sample::peakMib);
    }

    private static void row(String name, List<Sample[]> pairs, ToDoubleFunction<Sample> value) {
        double[] without = pairs.stream().mapToDouble(p -> value.applyAsDouble(p[0])).toArray();
        double[] with = pairs.stream().mapToDouble(p -> value.applyAsDouble(p[1])).toArray();
        double[] diff = new double[pairs.size()];
        for (int i = 0; i < diff.length; i++) {
            diff[i] = with[i] - without[i];
        }
        System.out.printf(Locale.ROOT, "  %-15s %8.1f | %8.1f | %+8.1f %s%n", name, median(without), median(with), median(diff),
                Arrays.stream(diff).mapToObj(d -> String.format(Locale.ROOT, "%+.0f", d)).collect(Collectors.joining(" ", "[", "]")));
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private static Path benchTarget() throws URISyntaxException {
        Path codeSource = Path.of(StartupBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        // benchmarks.jar or the classes folder: either way its parent is bench/target.
        return codeSource.getParent().toAbsolutePath().normalize();
    }

    private static Stream<Path> jars(Path folder) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new IllegalStateException(folder + " is missing: build with mvn -Pbench -pl bench -am package -DskipTests");
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.filter(f -> f.toString().endsWith(".jar")).sorted().toList().stream();
        }
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "n/a";
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String option(List<String> args, String name, String fallback) {
        int i = args.indexOf(name);
        return i >= 0 && i + 1 < args.size() ? args.get(i + 1) : fallback;
    }

    private static int intOption(List<String> args, String name, int fallback) {
        return Integer.parseInt(option(args, name, String.valueOf(fallback)));
    }
}
