package dev.schemahealer.agent;

import dev.schemahealer.agent.UpgradeSelector.Selection;
import dev.schemahealer.bootstrap.Hooks;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The engine behind the woven hooks: classifies a failure, picks upgrades, heals (once per JVM,
 * once across instances) and decides between a retry and the original exception. Everything here
 * runs only after a statement failed; the happy path never reaches this class.
 *
 * <p>Fail open: every entry point catches its own throwables. A bug here costs a heal, never a
 * statement that would have worked without the agent.
 */
final class Healer extends Hooks {

    /**
     * Set while this thread runs an upgrade: the upgrade's own statements (on the same, woven
     * driver) fail like any other and must reach the upgrade untouched.
     */
    private static final ThreadLocal<Boolean> HEALING = new ThreadLocal<>();
    /**
     * The last exception this thread let through. Drivers call one woven execute method from
     * another (Connector/J's executeUpdate calls executeLargeUpdate): the outer call sees the same
     * exception object and must not handle it twice.
     */
    private static final ThreadLocal<Throwable> DECLINED = new ThreadLocal<>();
    /** More misses than this in one statement is a loop, not a schema change. */
    private static final int MAX_ROUNDS = 16;

    private final AgentOptions options;
    private final UpgradeCatalog catalog;
    private final ConnectionSource connections;
    private final Ledger ledger;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();
    private final Map<String, Boolean> observed = new ConcurrentHashMap<>();
    /** Heals owed to connections whose transaction must end first; keyed by connection identity. */
    private final Map<Object, DeferredHeal> deferred = Collections.synchronizedMap(new IdentityHashMap<>());
    private final AtomicInteger deferredCount = new AtomicInteger();
    private volatile UpgradeRunner runner;

    Healer(AgentOptions options) {
        this.options = options;
        this.catalog = new UpgradeCatalog(options.upgrades());
        this.connections = new ConnectionSource(options.ddlUser(), options.ddlPassword());
        this.ledger = new Ledger(options.ledgerTable());
    }

    /** Per statement call: the misses already retried, so the same miss is never retried twice. */
    static final class RetryToken {
        private final List<Miss> retried = new ArrayList<>(2);

        boolean retried(Miss miss) {
            return retried.contains(miss) || retried.size() >= MAX_ROUNDS;
        }
    }

    private record DeferredHeal(Target target, List<SchemaUpgrade> upgrades, Miss miss) {
    }

    // ---- hooks ----

    @Override
    protected Object onStatementFailure(Object statement, Throwable thrown, Object token) {
        if (!(thrown instanceof SQLException) || HEALING.get() != null || DECLINED.get() == thrown) {
            return null;
        }
        Object next = null;
        try {
            next = decide((Statement) statement, (SQLException) thrown, (RetryToken) token);
        } catch (Throwable t) {
            Log.warn("internal error while handling a failed statement; the original error goes to the caller", t);
        }
        if (next == null) {
            DECLINED.set(thrown);
        }
        return next;
    }

    @Override
    protected void onConnect(Object driver, String url, Properties info, Object connection) {
        if (HEALING.get() == null) {
            connections.remember(driver, url, info);
        }
    }

    @Override
    protected void onTransactionEnd(Object connection) {
        // The common case, no heal owed, costs one volatile read.
        if (deferredCount.get() == 0 || HEALING.get() != null) {
            return;
        }
        DeferredHeal owed = deferred.remove(connection);
        if (owed == null) {
            return;
        }
        deferredCount.decrementAndGet();
        try {
            heal(owed.target(), owed.upgrades(), owed.miss());
        } catch (Throwable t) {
            Log.warn("internal error while healing after a transaction ended", t);
        }
    }

    @Override
    protected void onColumnLookupFailure(Object resultSet, String label, Throwable thrown) {
        // Filled in with result-set support.
    }

    // ---- decisions ----

    /** Returns the token to retry with, or {@code null} to let the exception through. */
    RetryToken decide(Statement statement, SQLException e, RetryToken token) throws SQLException {
        Miss miss = MissClassifier.classify(e);
        if (miss == null || (token != null && token.retried(miss))) {
            return null;
        }
        List<SchemaUpgrade> upgrades = catalog.upgrades(statement.getClass().getClassLoader());
        if (upgrades.isEmpty()) {
            return null;
        }
        Connection connection = statement.getConnection();
        Target target = target(connection, statement.getClass());
        Selection selection = UpgradeSelector.select(miss, upgrades, target.applied);
        if (selection.isEmpty()) {
            return null;
        }
        if (options.mode() == AgentOptions.Mode.OBSERVE) {
            if (observed.putIfAbsent(target.url + "|" + miss, Boolean.TRUE) == null) {
                Log.info("observe: " + miss.trigger() + " on " + target + " would apply " + ids(selection.toApply()));
            }
            return null;
        }
        if (!connection.getAutoCommit()) {
            // The failed statement keeps its locks until the transaction ends; heal then.
            if (!selection.toApply().isEmpty()) {
                defer(connection, target, selection.toApply(), miss);
            }
            return null;
        }
        if (!selection.toApply().isEmpty()) {
            Exception failure = heal(target, selection.toApply(), miss);
            if (failure != null) {
                e.addSuppressed(failure);
                return null;
            }
        }
        if (e instanceof BatchUpdateException) {
            return null;
        }
        RetryToken next = token == null ? new RetryToken() : token;
        next.retried.add(miss);
        return next;
    }

    private void defer(Connection connection, Target target, List<SchemaUpgrade> upgrades, Miss miss) {
        synchronized (deferred) {
            DeferredHeal previous = deferred.get(connection);
            if (previous == null) {
                deferred.put(connection, new DeferredHeal(target, upgrades, miss));
                deferredCount.incrementAndGet();
            } else {
                Map<String, SchemaUpgrade> union = new LinkedHashMap<>();
                previous.upgrades().forEach(u -> union.put(u.id(), u));
                upgrades.forEach(u -> union.put(u.id(), u));
                List<SchemaUpgrade> merged = new ArrayList<>(union.values());
                merged.sort((a, b) -> a.id().compareTo(b.id()));
                deferred.put(connection, new DeferredHeal(target, merged, previous.miss()));
            }
        }
    }

    private Target target(Connection connection, Class<?> driverSideClass) throws SQLException {
        String url = connection.getMetaData().getURL();
        String catalogName = connection.getCatalog();
        String key = url + '\u0000' + catalogName;
        Target t = targets.get(key);
        if (t == null) {
            Dialect dialect = Dialect.of(connection);
            String user = connections.knows(url) ? null : applicationUser(connection);
            t = targets.computeIfAbsent(key, k -> new Target(url, catalogName, dialect, driverSideClass, user));
        }
        return t;
    }

    /** The user of a connection opened before the agent was attached (MySQL reports user@host). */
    private static String applicationUser(Connection connection) {
        try {
            String user = connection.getMetaData().getUserName();
            int at = user == null ? -1 : user.indexOf('@');
            return at < 0 ? user : user.substring(0, at);
        } catch (SQLException e) {
            return null;
        }
    }

    // ---- healing ----

    /**
     * Applies the pending ones of {@code upgrades}, one heal per target at a time in this JVM.
     * Threads that arrive while another heals wait for it, then find the upgrades applied and
     * return at once. Returns {@code null} on success, else the failure to attach.
     */
    Exception heal(Target target, List<SchemaUpgrade> upgrades, Miss miss) {
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
            return run(target, pending, miss);
        } finally {
            target.healLock.unlock();
        }
    }

    private Exception run(Target target, List<SchemaUpgrade> pending, Miss miss) {
        HEALING.set(Boolean.TRUE);
        try (Connection c = connections.open(target.url, target.catalog, target.dialect, target.driverSideClass,
                target.user)) {
            UpgradeRunner.Result result = runner().apply(c, target.dialect, pending, miss.trigger());
            target.applied.addAll(result.ledger().keySet());
            for (Ledger.Entry entry : result.applied()) {
                target.backoff.succeeded(entry.upgradeId());
                Log.info("applied upgrade " + entry.upgradeId() + " (" + entry.description() + ") for " + miss.trigger()
                        + " in " + entry.durationMs() + " ms on " + target + " by " + entry.appliedBy());
            }
            if (result.failed() != null) {
                target.backoff.failed(result.failed().id(), result.failure());
                Log.warn("upgrade " + result.failed().id() + " failed for " + miss.trigger() + " on " + target
                        + "; the statement gets its original error, next attempt after a backoff", result.failure());
                return result.failure();
            }
            return null;
        } catch (SQLException | RuntimeException e) {
            // Connection, lock or ledger trouble: back off the whole group through its first upgrade.
            target.backoff.failed(pending.get(0).id(), e);
            Log.warn("could not heal " + miss.trigger() + " on " + target + " (upgrades " + ids(pending)
                    + "); the statement gets its original error, next attempt after a backoff", e);
            return e;
        } finally {
            HEALING.remove();
        }
    }

    private static Exception backedOff(Target target, List<SchemaUpgrade> upgrades) {
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

    private static List<String> ids(List<SchemaUpgrade> upgrades) {
        List<String> ids = new ArrayList<>(upgrades.size());
        upgrades.forEach(u -> ids.add(u.id()));
        return ids;
    }
}
