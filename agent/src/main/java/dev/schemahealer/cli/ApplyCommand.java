package dev.schemahealer.cli;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.agent.Secrets;
import dev.schemahealer.agent.UpgradeRunner;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Applies every pending upgrade now, in order, with the agent's locking and ledger. */
@Command(name = "apply", mixinStandardHelpOptions = true,
        description = "Apply every pending upgrade now, in id order, with the same locking and ledger as the agent.")
final class ApplyCommand implements Callable<Integer> {

    @Mixin
    DatabaseOptions db;

    @Option(names = "--lock-wait", defaultValue = "30", paramLabel = "SECONDS",
            description = "How long to wait for the heal lock. Default: ${DEFAULT-VALUE}.")
    long lockWaitSeconds;

    @Option(names = "--ddl-lock-timeout", defaultValue = "1000", paramLabel = "MILLIS",
            description = "The lock timeout of every upgrade statement. Default: ${DEFAULT-VALUE}.")
    long ddlLockTimeoutMillis;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws SQLException {
        PrintWriter out = spec.commandLine().getOut();
        List<SchemaUpgrade> upgrades = db.upgrades();
        UpgradeRunner runner = new UpgradeRunner(new Ledger(db.ledgerTable), Duration.ofSeconds(lockWaitSeconds),
                Duration.ofMillis(ddlLockTimeoutMillis), UpgradeRunner.hostAndPid());
        int failures = 0;
        for (String url : db.urls) {
            try (Connection c = db.connect(url)) {
                UpgradeRunner.Result result = runner.apply(c, Dialect.of(c), upgrades, "apply command");
                for (Ledger.Entry e : result.applied()) {
                    out.printf("%s: applied %s in %d ms%n", Secrets.maskUrl(url), e.upgradeId(), e.durationMs());
                }
                if (result.failed() != null) {
                    failures++;
                    out.printf("%s: upgrade %s FAILED: %s%n", Secrets.maskUrl(url), result.failed().id(),
                            result.failure().getMessage());
                } else if (result.applied().isEmpty()) {
                    out.printf("%s: nothing pending%n", Secrets.maskUrl(url));
                }
            }
        }
        out.flush();
        return failures == 0 ? 0 : 1;
    }
}
