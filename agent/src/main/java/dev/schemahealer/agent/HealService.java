package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs a group of upgrades on one {@link Target} once: once in this JVM (single flight: threads
 * that arrive while another heals wait for it, then find the upgrades applied and return at once)
 * and once across instances ({@link UpgradeRunner} on a dedicated connection). Failed upgrades
 * back off per JVM. Knows nothing about statements, transactions or retries: the hook adapter
 * ({@link Healer}) decides when to heal, this class what a heal does.
 */
final class HealService {

    private final AgentOptions options;
    private final ConnectionSource connections;
    private final Ledger ledger;
    private final PlanCacheGuard planCacheGuard;
    private final AtomicBoolean poolerLogged = new AtomicBoolean();
    private final Map<String, UpgradeRunner.Sessions> sessionsByUrl = new ConcurrentHashMap<>();
    private volatile UpgradeRunner runner;

    HealService(AgentOptions options, ConnectionSource connections, Ledger ledger, PlanCacheGuard planCacheGuard) {
        this.options = options;
        this.connections = connections;
        this.ledger = ledger;
        this.planCacheGuard = planCacheGuard;
    }

    /**
     * Applies the pending ones of {@code upgrades} on {@code target}. Returns {@code null} on
     * success, else the failure to attach to the caller's exception.
     *
     * @param backOffOnFailure false for an attempt whose failure the caller handles by deferring
     *                         the heal to the end of its transaction
     */
    Exception heal(Target target, List<SchemaUpgrade> upgrades, Miss miss, boolean backOffOnFailure) {
        if (target.applied.containsAll(HealService.ids(upgrades))) {
            return null; // applied meanwhile: no need to queue behind a heal still running (an index build)
        }
        Exception waiting = backedOff(target, upgrades);
        if (waiting != null) {
            return waiting;
        }
        try {
            if (!target.healLock.tryLock(options.lockWait().toMillis(), TimeUnit.MILLISECONDS)) {
                return new SQLException("timed out after " + options.lockWait().toMillis()
                        + " ms waiting for another thread's heal of " + target + " (lock.wait)");
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return new SQLException("interrupted while waiting for a heal", ie);
        }
        try {
            List<SchemaUpgrade> pending = new ArrayList<>();
            for (SchemaUpgrade u : upgrades) {
                if (!target.applied.contains(u.id())) {
                    pending.add(u);
                }
            }
            if (pending.isEmpty()) {
                return null; // healed by the thread we waited for
            }
            waiting = backedOff(target, pending);
            if (waiting != null) {
                return waiting;
            }
            return run(target, pending, miss, backOffOnFailure);
        } finally {
            target.healLock.unlock();
        }
    }

    private Exception run(Target target, List<SchemaUpgrade> pending, Miss miss, boolean backOffOnFailure) {
        if (target.dialect == Dialect.POSTGRESQL) {
            planCacheGuard.protect(target.url);
        }
        long start = System.nanoTime();
        try (Connection c = connections.open(target)) {
            UpgradeRunner.Site site = new UpgradeRunner.Site(target.dialect, target.searchPath, sessions(target, c));
            UpgradeRunner.Result result = runner().apply(c, site, pending, miss.trigger());
            HealerMetrics.get().healed(result.applied().size(), System.nanoTime() - start);
            target.applied.addAll(result.ledger().keySet());
            for (Ledger.Entry entry : result.applied()) {
                target.backoff.succeeded(entry.upgradeId());
                Log.info("applied upgrade " + entry.upgradeId() + " (" + entry.description() + ") for " + miss.trigger()
                        + " in " + entry.durationMs() + " ms on " + target + " by " + entry.appliedBy());
            }
            if (result.failed() != null) {
                HealerMetrics.get().failed();
                if (backOffOnFailure) {
                    target.backoff.failed(result.failed().id(), result.failure());
                }
                Log.warn("upgrade " + result.failed().id() + " failed for " + miss.trigger() + " on " + target
                        + "; the statement gets its original error, next attempt after a backoff", result.failure());
                return result.failure();
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            // Connection, lock or ledger trouble concerns every upgrade of the group: all back off.
            HealerMetrics.get().failed();
            if (backOffOnFailure) {
                pending.forEach(u -> target.backoff.failed(u.id(), e));
            }
            Log.warn("could not heal " + miss.trigger() + " on " + target + " (upgrades " + ids(pending)
                    + "); the statement gets its original error, next attempt after a backoff", e);
            return e;
        }
    }

    /**
     * PostgreSQL: whether heals to this URL go through a transaction-mode pooler, probed on the
     * first heal there (tenants share the answer). Found one: says once what to set. MySQL:
     * sessions are kept (a pooler such as ProxySQL pins a session that holds {@code GET_LOCK}).
     */
    private UpgradeRunner.Sessions sessions(Target target, Connection heal) throws SQLException {
        String url = target.recipe != null ? target.recipe.url() : target.url;
        UpgradeRunner.Sessions known = sessionsByUrl.get(url);
        if (known != null) {
            return known;
        }
        UpgradeRunner.Sessions found = UpgradeRunner.Sessions.KEPT;
        if (target.dialect == Dialect.POSTGRESQL) {
            try (Connection other = connections.open(target)) {
                found = PoolerProbe.probe(heal, other);
            }
            if (found == UpgradeRunner.Sessions.TRANSACTION_POOLED && poolerLogged.compareAndSet(false, true)) {
                Log.warn("heals on " + target + " go through a transaction-mode pooler (two connections shared a server"
                        + " session): each upgrade still runs once, in one transaction with its ledger row, but index"
                        + " builds cannot run online there. Set the agent option ddl.url (SCHEMAHEALER_DDL_URL) to the"
                        + " database directly, past the pooler" + (connections.ddlUrlSet() ? " (ddl.url points at"
                        + " the pooler now)" : ""));
            }
        }
        sessionsByUrl.put(url, found);
        return found;
    }

    static Exception backedOff(Target target, List<SchemaUpgrade> upgrades) {
        for (SchemaUpgrade u : upgrades) {
            Exception e = target.backoff.waiting(u.id());
            if (e != null) {
                return e;
            }
        }
        return null;
    }

    private UpgradeRunner runner() {
        UpgradeRunner r = runner;
        if (r == null) {
            // Host and pid are looked up on the first heal, never at start-up (a slow DNS must not delay the application).
            r = runner = new UpgradeRunner(ledger, options.lockWait(), options.ddlLockTimeout(), UpgradeRunner.hostAndPid());
        }
        return r;
    }

    static List<String> ids(List<SchemaUpgrade> upgrades) {
        List<String> ids = new ArrayList<>(upgrades.size());
        upgrades.forEach(u -> ids.add(u.id()));
        return ids;
    }
}
