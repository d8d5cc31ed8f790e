package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.JdbcUpgradeContext;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies upgrades on a dedicated connection, each exactly once across instances: takes the
 * cluster lock, re-reads the ledger under it (skipping what another instance applied), runs each
 * pending upgrade under the DDL lock timeout, writes its ledger row, releases the lock. Stops at
 * the first failure: later upgrades may depend on it. Shared by the agent and {@code apply}.
 */
public final class UpgradeRunner {

    /**
     * What a run did.
     *
     * @param applied  the upgrades this run applied, in order
     * @param ledger   every ledger entry after the run (what is applied to this database)
     * @param failed   the upgrade that failed, or {@code null}
     * @param failure  its exception, or {@code null}
     */
    public record Result(List<Ledger.Entry> applied, Map<String, Ledger.Entry> ledger, SchemaUpgrade failed,
                         Exception failure) {
    }

    private final Ledger ledger;
    private final Duration lockWait;
    private final Duration ddlLockTimeout;
    private final String appliedBy;

    public UpgradeRunner(Ledger ledger, Duration lockWait, Duration ddlLockTimeout, String appliedBy) {
        this.ledger = ledger;
        this.lockWait = lockWait;
        this.ddlLockTimeout = ddlLockTimeout;
        this.appliedBy = appliedBy;
    }

    /**
     * @param c        a dedicated connection in autocommit; stays open
     * @param upgrades the upgrades to apply if pending, in id order
     * @param trigger  what the ledger records as the reason
     * @throws SQLException when the lock or the ledger cannot be had; upgrade failures are in the result
     */
    public Result apply(Connection c, Dialect dialect, List<SchemaUpgrade> upgrades, String trigger) throws SQLException {
        try (ClusterLock lock = ClusterLock.acquire(c, dialect, ledger.table(), lockWait)) {
            ledger.ensureExists(c, dialect);
            Map<String, Ledger.Entry> entries = ledger.read(c, dialect);
            List<Ledger.Entry> applied = new ArrayList<>();
            for (SchemaUpgrade upgrade : upgrades) {
                if (entries.containsKey(upgrade.id())) {
                    continue; // another instance applied it while we waited for the lock
                }
                long start = System.nanoTime();
                try (JdbcUpgradeContext ctx = JdbcUpgradeContext.open(c, dialect, ddlLockTimeout, upgrade.id())) {
                    upgrade.apply(ctx);
                    if (!c.getAutoCommit()) {
                        throw new SQLException("upgrade " + upgrade.id() + " left its connection in a transaction;"
                                + " it must commit its own work and restore autocommit");
                    }
                } catch (Exception | LinkageError e) {
                    Exception failure = e instanceof Exception ex ? ex : new SQLException(e.toString(), e);
                    restoreAutocommit(c);
                    return new Result(applied, entries, upgrade, failure);
                }
                long millis = (System.nanoTime() - start) / 1_000_000;
                Ledger.Entry entry = new Ledger.Entry(upgrade.id(), description(upgrade), Instant.now(), appliedBy,
                        trigger, millis);
                ledger.record(c, dialect, entry);
                entries.put(entry.upgradeId(), entry);
                applied.add(entry);
            }
            return new Result(applied, entries, null, null);
        }
    }

    /** {@code host/pid}: who applied an upgrade, for the ledger's {@code applied_by}. */
    public static String hostAndPid() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            host = System.getenv().getOrDefault("HOSTNAME", "unknown-host");
        }
        return host + "/" + ProcessHandle.current().pid();
    }

    private static String description(SchemaUpgrade upgrade) {
        String d = upgrade.description();
        return d == null || d.isBlank() ? upgrade.id() : d;
    }

    private static void restoreAutocommit(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
        } catch (SQLException ignored) {
            // the connection is closed after the run anyway
        }
    }
}
