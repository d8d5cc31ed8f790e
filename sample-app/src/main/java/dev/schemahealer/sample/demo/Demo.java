package dev.schemahealer.sample.demo;

import dev.schemahealer.sample.SampleService;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;

/**
 * The one-command demo: a database on the release-1 schema with data, the release-2 service in its
 * own JVM with {@code -javaagent}, concurrent traffic for a few seconds, then what healed and
 * whether everything held. Exit code 0 only when no request failed, every upgrade was applied
 * exactly once, every accepted write is in the database exactly once, and the healed schema
 * equals a fresh release-2 install.
 */
public final class Demo {

    private final DemoOptions options;
    private final PrintStream out;
    private final String java = ProcessHandle.current().info().command()
            .orElse(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    private volatile DemoDatabase db;
    private volatile ServiceProcess service;
    /** Set when the JVM is shutting down (Ctrl-C): errors in the main thread are then expected. */
    private volatile boolean interrupted;
    private volatile boolean finished;

    Demo(DemoOptions options, PrintStream out) {
        this.options = options;
        this.out = out;
    }

    public static void main(String[] argv) {
        DemoOptions options;
        try {
            options = DemoOptions.parse(argv);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(DemoOptions.USAGE);
            System.exit(2);
            return;
        }
        if (options == null) {
            System.out.println(DemoOptions.USAGE);
            return;
        }
        Demo demo = new Demo(options, System.out);
        // Ctrl-C: the service JVM and the embedded PostgreSQL must not outlive the demo.
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            if (!demo.finished) {
                demo.interrupted = true;
                System.out.println();
                System.out.println("Interrupted: stopping the service and the database.");
            }
            demo.cleanUp();
        }, "demo-cleanup"));
        int exit;
        try {
            exit = demo.run();
        } catch (Exception e) {
            if (!demo.interrupted) { // when interrupted, failures of the dying service are expected
                System.out.println();
                System.out.println("The demo could not run: " + e.getMessage());
            }
            exit = 1;
        } finally {
            demo.cleanUp();
            demo.finished = true;
        }
        System.exit(exit);
    }

    int run() throws Exception {
        long begin = System.nanoTime();
        Path codeSource = codeSource();
        Path agentJar = AgentJar.locate(options.agentJar(), codeSource);
        List<SchemaUpgrade> upgrades = registeredUpgrades();

        out.println("schemahealer demo: release 2 of a service meets a database still on release 1");
        out.println();
        out.println("1. Database");
        db = DemoDatabase.open(options);
        out.println("   " + db.description());
        long t = System.nanoTime();
        Seeder.seed(db);
        out.printf("   loaded the release-1 schema, %,d customers and %,d orders (%s)%n", Seeder.CUSTOMERS, Seeder.ORDERS, since(t));

        out.println();
        out.println("2. The release-2 service, in its own JVM, with the agent");
        Path log = Files.createTempFile("schemahealer-demo-service-", ".log");
        out.println("   java -javaagent:" + agentJar + " -cp " + abbreviate(System.getProperty("java.class.path")) + " "
                + SampleService.class.getSimpleName() + " --url " + JdbcUrls.masked(db.url()) + " ...");
        out.println("   its log: " + log + " (lines from schemahealer are shown here as [service])");
        t = System.nanoTime();
        service = ServiceProcess.start(java, agentJar, System.getProperty("java.class.path"), db, log,
                line -> out.println("   [service] " + line));
        int port = service.awaitPort(90);
        out.printf("   listening on port %d (%s); its code needs %d schema changes the database does not have yet%n",
                port, since(t), upgrades.size());

        out.println();
        out.printf("3. Traffic: %d clients for %d s, a mix of six release-2 requests%n", options.threads(), options.seconds());
        Traffic traffic = new Traffic(port);
        Instant trafficStart = Instant.now();
        List<LedgerReader.Entry> ledgerEntries;
        try (Connection watch = db.connect()) {
            LedgerReader ledger = new LedgerReader(watch, db.dialect());
            progress(traffic, ledger, upgrades.size());
            ledgerEntries = ledger.entries();
        }

        out.println();
        out.println("4. What happened");
        Report report = new Report(out);
        Map<String, SchemaUpgrade> byId = new LinkedHashMap<>();
        upgrades.forEach(u -> byId.put(u.id(), u));
        report.upgrades(ledgerEntries, byId, trafficStart);
        out.println();
        report.requests(traffic, options.threads(), options.seconds());
        out.println();
        Checks checks = new Checks();
        checks.noRequestFailed(traffic);
        checks.everyUpgradeAppliedOnce(upgrades, ledgerEntries, service.appliedLines());
        try (Connection c = db.connect()) {
            checks.writesMatch(c, traffic);
        }
        checks.schemaIsRelease2(db);
        report.checks(checks);

        out.println();
        out.println("5. What the agent's command line says: schemahealer status");
        status(agentJar, codeSource);

        out.println();
        String verdict = checks.allPassed() ? "PASS" : "FAIL";
        out.printf("%s in %s: %s%n", verdict, since(begin), checks.allPassed()
                ? "the database healed itself under load; no request failed, nothing was applied twice"
                : "see the checks above, and the service's log " + log);
        return checks.allPassed() ? 0 : 1;
    }

    /** One line a second while the clients run: requests so far, the slowest of the second, upgrades in the ledger. */
    private void progress(Traffic traffic, LedgerReader ledger, int upgrades) throws SQLException, InterruptedException {
        List<Thread> clients = traffic.start(options.threads(), Duration.ofSeconds(options.seconds()));
        out.println("     time    served   failed   slowest   upgrades applied");
        for (int second = 1; ; second++) {
            long tickAt = traffic.startNanos() + TimeUnit.SECONDS.toNanos(second);
            boolean running = false;
            for (Thread client : clients) {
                long waitMillis = Math.max(1, (tickAt - System.nanoTime()) / 1_000_000);
                client.join(waitMillis);
                running |= client.isAlive();
            }
            long now = System.nanoTime();
            if (now < tickAt) {
                TimeUnit.NANOSECONDS.sleep(tickAt - now);
            }
            out.printf("   %5ds  %8d %8d %7d ms   %d/%d%n", second, traffic.ok(), traffic.failed(), traffic.takeSlowest(),
                    ledger.count(), upgrades);
            if (!running) {
                return;
            }
        }
    }

    private void status(Path agentJar, Path codeSource) throws Exception {
        StatusCommand.Result result = StatusCommand.run(java, agentJar, db, codeSource);
        String output = result.output().strip();
        if (result.exitCode() != 0 && (output.contains("no main manifest attribute")
                || output.contains("Could not find or load main class") || output.contains("ClassNotFoundException"))) {
            out.println("   (this build of the agent has no status command yet: " + output.lines().findFirst().orElse("") + ")");
            return;
        }
        out.println("   $ java -jar " + agentJar.getFileName() + " status --url " + JdbcUrls.masked(db.url()) + " ...");
        output.lines().forEach(line -> out.println("   " + line));
        if (result.exitCode() != 0) {
            out.println("   (status exited with " + result.exitCode() + ")");
        }
    }

    /** Stops the service, then drops the demo's schema and stops the embedded database. Safe to call twice. */
    synchronized void cleanUp() {
        ServiceProcess s = service;
        service = null;
        if (s != null) {
            try {
                s.close();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        DemoDatabase d = db;
        db = null;
        if (d != null) {
            d.close();
        }
    }

    private static List<SchemaUpgrade> registeredUpgrades() {
        List<SchemaUpgrade> upgrades = new ArrayList<>();
        ServiceLoader.load(SchemaUpgrade.class).forEach(upgrades::add);
        upgrades.sort(Comparator.comparing(SchemaUpgrade::id));
        return upgrades;
    }

    /** The jar (or classes folder) this class came from: it holds the service and its upgrades. */
    private static Path codeSource() throws URISyntaxException {
        return Path.of(Demo.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private static String since(long startNanos) {
        return String.format("%.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    private static String abbreviate(String classPath) {
        return classPath.length() <= 80 ? classPath : classPath.substring(0, 77) + "...";
    }
}
