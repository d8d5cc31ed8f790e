package dev.schemahealer.cli;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.agent.UpgradeRunner;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Applies every pending upgrade now, in order, with the agent's locking and ledger. */
@Command(name = "apply", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Apply every pending upgrade now, in id order, with the same locking and ledger as the agent.")
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--lock-wait", defaultValue = "30s", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "How long to wait for the heal lock (agent option lock.wait), such as 500ms, 30s or 2m."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration lockWait;

    @Option(names = "--ddl-lock-timeout", defaultValue = "1s", paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "The lock timeout of every upgrade statement (agent option ddl.lockTimeout)."
                    + " Default: ${DEFAULT-VALUE}.")
    Duration ddlLockTimeout;

    @Spec
    CommandSpec spec;

    private PrintWriter out;
    private PrintWriter err;

    @Override
    public Integer call() {
        out = spec.commandLine().getOut();
        err = spec.commandLine().getErr();
        List<SchemaUpgrade> upgrades = db.upgrades();
        UpgradeRunner runner = new UpgradeRunner(new Ledger(db.ledgerTable), lockWait, ddlLockTimeout,
                UpgradeRunner.hostAndPid());
        List<String> failures = new ArrayList<>();
        int done = 0;
        int total = 0;
        for (String url : db.urls) {
            try (Connection c = db.connectForDdl(url)) {
                Dialect dialect = Dialect.of(c);
                Status status = new Status(upgrades, StatusCommand.read(db, url, c));
                for (Status.Database d : status.databases()) {
                    total++;
                    if (status.pending(d).isEmpty()) {
                        done++;
                        continue; // read in bulk: a thousand current tenants cost no lock each
                    }
                    String failure = apply(c, dialect, d, upgrades, runner, url);
                    if (failure == null) {
                        done++;
                    } else {
                        failures.add(d.label() + ": " + failure);
                    }
                }
            } catch (UsageError e) {
                throw e;
            } catch (SQLException | RuntimeException e) {
                total++;
                String failure = db.failure(url, null, e, err);
                out.printf("%s: FAILED: %s%n", DatabaseOptions.label(url, null), failure);
                failures.add(DatabaseOptions.label(url, null) + ": " + failure);
            }
        }
        out.printf(Locale.ROOT, "apply: %,d of %,d done%s%n", done, total,
                failures.isEmpty() ? "" : "; " + failures.size() + " failed:");
        failures.forEach(f -> out.println("  " + f));
        out.flush();
        return (failures.isEmpty() ? ExitCode.OK : ExitCode.FAILED).code;
    }

    /** Applies what {@code d} lacks; returns {@code null} when done, else what failed. */
    private String apply(Connection c, Dialect dialect, Status.Database d, List<SchemaUpgrade> upgrades,
                         UpgradeRunner runner, String url) {
        try {
            if (d.scope() != null) {
                if (dialect == Dialect.POSTGRESQL) {
                    c.setSchema(d.scope());
                } else {
                    c.setCatalog(d.scope());
                }
            }
            UpgradeRunner.Result result = runner.apply(c, dialect, upgrades, "apply command");
            for (Ledger.Entry e : result.applied()) {
                out.printf("%s: applied %s in %d ms%n", d.label(), e.upgradeId(), e.durationMs());
            }
            if (result.failed() != null) {
                String why = "upgrade " + result.failed().id() + " failed: " + db.failure(url, d.scope(), result.failure(), err);
                out.printf("%s: %s%n", d.label(), why);
                return why;
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            String why = db.failure(url, d.scope(), e, err);
            out.printf("%s: FAILED: %s%n", d.label(), why);
            return why;
        }
    }
}
