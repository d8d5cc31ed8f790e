package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.JdbcUpgradeContext;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Collections;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.function.Supplier;

/**
 * Heal ahead: before a unit the agent cannot run again (a transaction, an autocommit batch) starts
 * on a database/schema with pending upgrades, they are applied, so the unit never misses. Which
 * target a connection works in lives on the connection ({@link ConnectionState#aheadTarget}),
 * resolved when the driver opened it or its schema was set; what each target needs lives here.
 *
 * <p>The common case costs one volatile read: {@link #settled()} is true while every target that
 * this JVM's connections work in is {@link Status#CLEAR} or {@link Status#FOREIGN}. A connection to
 * a target not yet known, or a heal that changes what a target has, makes it false until a unit
 * on a connection there has looked.
 */
final class HealAhead {

    /** What a target needs before a unit starts there. */
    enum Status {
        /** Not looked at yet: whether the upgrades belong there, and what is pending. */
        UNKNOWN,
        /** Upgrades are pending there: apply them before a unit starts. */
        PENDING,
        /** Nothing pending: units start at once. */
        CLEAR,
        /**
         * No sign that the upgrades belong to this database (no ledger, none of the tables they
         * change): never heal it ahead; a miss there still heals lazily.
         */
        FOREIGN;

        boolean needsLook() {
            return this == UNKNOWN || this == PENDING;
        }
    }

    private final UpgradeCatalog catalog;
    private final ConnectionSource connections;
    private final Ledger ledger;
    private final HealService heals;
    private final HealExecutor executor;
    private final AgentOptions options;
    /** After a look that failed (the database unreachable), the next one waits this long. */
    private static final long LOOK_AGAIN_NANOS = 10_000_000_000L;

    private volatile boolean settled = true;
    /**
     * The targets that need a look, guarded by {@code this}; weak, so that an undeployed
     * application's targets (and its driver's class loader) are never kept here.
     */
    private final Set<Target> unsettled = Collections.newSetFromMap(new WeakHashMap<>());

    HealAhead(AgentOptions options, UpgradeCatalog catalog, ConnectionSource connections, Ledger ledger, HealService heals,
              HealExecutor executor) {
        this.options = options;
        this.catalog = catalog;
        this.connections = connections;
        this.ledger = ledger;
        this.heals = heals;
        this.executor = executor;
    }

    /** True while no unit needs a look before it starts: the happy path's one volatile read. */
    boolean settled() {
        return settled;
    }

    /** An application connection works in {@code target} from now on. */
    void connected(ConnectionState connection, Target target) {
        connection.aheadTarget = target;
        if (target.ahead == null) {
            update(target, Status.UNKNOWN);
            // Look now, in the background: a place no unit ever starts in (an administration
            // database, another service's) must not keep every other unit off the fast path.
            executor.startIfIdle(target, asAgent(() -> {
                look(target);
                return null;
            }));
        }
    }

    /** What heal ahead knows of {@code target}: a field read. */
    static Status status(Target target) {
        Status s = target.ahead;
        return s == null ? Status.UNKNOWN : s;
    }

    /**
     * Applies what is pending where {@code connection} works before a {@code unit} ("transaction",
     * "batch") starts there, on the agent's thread, waiting at most {@code heal.wait}. Where the
     * wait runs out or a heal fails, the unit runs anyway, as it would without the agent.
     */
    void beforeUnit(ConnectionState connection, String unit) {
        Target target = connection.aheadTarget;
        if (target == null || !status(target).needsLook() || System.nanoTime() - target.aheadQuietUntil < 0) {
            return; // not tracked (opened before the agent came), nothing to do there, or a backoff runs
        }
        if (status(target) == Status.PENDING && runnable(target, false).isEmpty()
                && (target.aheadIndexing.get() || runnable(target, true).isEmpty())) {
            return; // what is left backs off, or is an index already being built
        }
        // Index builds go last: the unit that started them waits for them within heal.wait, the
        // units after it start at once (above), as does a miss there (the heal it needs is done).
        executor.healWithin(target, asAgent(() -> lookAndHeal(target, unit)),
                () -> asAgent(() -> buildIndexes(target, unit)).get(), true);
    }

    /** A lazy heal changed what {@code target} has (and showed the upgrades belong there): look again. */
    void healed(Target target) {
        if (target.ahead != null) {
            target.aheadQuietUntil = System.nanoTime(); // it may have unblocked what waited for it
            update(target, pending(target).isEmpty() ? Status.CLEAR : Status.PENDING);
        }
    }

    /** On the agent's thread, one per target: whether the upgrades belong there, then the heal. */
    private Exception lookAndHeal(Target target, String unit) {
        Status s = status(target);
        if (!s.needsLook() || s == Status.UNKNOWN && !look(target)) {
            return null; // done by the look we waited for, or not a place of these upgrades
        }
        Exception failure = null;
        // A failure backs its upgrade off; what does not depend on it still runs, in the next round.
        List<SchemaUpgrade> next = runnable(target, false);
        while (!next.isEmpty()) {
            Exception e = heals.heal(target, next, Miss.ahead(unit), true);
            if (e == null) {
                break;
            }
            failure = e;
            List<SchemaUpgrade> rest = runnable(target, false);
            if (rest.size() >= next.size()) {
                break; // nothing backed off (a lock wait ran out): no progress to make now
            }
            next = rest;
        }
        settle(target);
        return failure;
    }

    /** Index-only upgrades, after what units can miss, one build at a time per target, nobody waiting. */
    private Exception buildIndexes(Target target, String unit) {
        if (!target.aheadIndexing.compareAndSet(false, true)) {
            return null;
        }
        try {
            List<SchemaUpgrade> indexes = runnable(target, true);
            if (!indexes.isEmpty()) {
                heals.heal(target, indexes, Miss.ahead(unit), true); // a failure is logged and backs off
            }
            settle(target);
            return null;
        } finally {
            target.aheadIndexing.set(false);
        }
    }

    /** Left pending only what backs off: units start at once until the first window ends. */
    private void settle(Target target) {
        boolean blocked = runnable(target, false).isEmpty() && runnable(target, true).isEmpty();
        target.aheadQuietUntil = blocked ? target.backoff.quietUntil() : System.nanoTime();
        update(target, pending(target).isEmpty() ? Status.CLEAR : Status.PENDING);
    }

    /**
     * Whether the upgrades belong to {@code target}: not, and it is {@link Status#FOREIGN} (until a
     * lazy heal there shows otherwise); they do, and it is {@link Status#PENDING} until a heal ahead
     * finds nothing left. A look that fails leaves it unknown, to be looked at again in a while.
     */
    private boolean look(Target target) {
        if (status(target) != Status.UNKNOWN) {
            return status(target) != Status.FOREIGN;
        }
        Boolean belongs = belongsTo(target, pending(target));
        if (belongs == null) {
            target.aheadQuietUntil = System.nanoTime() + LOOK_AGAIN_NANOS;
            return false;
        }
        if (belongs) {
            update(target, Status.PENDING);
            return true;
        }
        Log.info("no ledger and none of the upgrades' tables in " + target + ": its upgrades heal there lazily,"
                + " on a miss, and ahead of transactions only after one did");
        update(target, Status.FOREIGN);
        return false;
    }

    private List<SchemaUpgrade> runnable(Target target, boolean indexOnly) {
        List<SchemaUpgrade> all = runnable(target);
        all.removeIf(u -> UpgradeSelector.indexOnly(u) != indexOnly);
        return all;
    }

    private List<SchemaUpgrade> runnable(Target target) {
        return new ArrayList<>(UpgradeSelector.ahead(upgrades(target), target.applied,
                id -> target.backoff.waiting(id) != null));
    }

    private List<SchemaUpgrade> upgrades(Target target) {
        return catalog.upgrades(target.driverSideClass.getClassLoader());
    }

    /** The upgrades the target's driver sees that this JVM does not know applied there. */
    private List<SchemaUpgrade> pending(Target target) {
        List<SchemaUpgrade> pending = new ArrayList<>();
        for (SchemaUpgrade u : upgrades(target)) {
            if (!target.applied.contains(u.id())) {
                pending.add(u);
            }
        }
        return pending;
    }

    /**
     * Whether the upgrades belong to this database: it has the ledger, or a table one of them
     * changes. An application's other databases (reporting, another service's) get nothing ahead.
     */
    private Boolean belongsTo(Target target, List<SchemaUpgrade> pending) {
        try (Connection c = connections.open(target)) {
            if (target.dialect == Dialect.POSTGRESQL) {
                // In a transaction, so no setting outlives it (a transaction-mode pooler hands the
                // session on); where the application's names resolve.
                c.setAutoCommit(false);
                if (target.searchPath != null) {
                    try (PreparedStatement ps = c.prepareStatement("select set_config('search_path', ?, true)")) {
                        ps.setString(1, target.searchPath);
                        ps.execute();
                    }
                }
            }
            try (JdbcUpgradeContext ctx = JdbcUpgradeContext.open(c, target.dialect, options.ddlLockTimeout(), "heal-ahead")) {
                return ledger.exists(c, target.dialect) || changesATableOf(ctx, pending);
            } finally {
                if (!c.getAutoCommit()) {
                    c.rollback();
                }
            }
        } catch (SQLException | RuntimeException e) {
            Log.warn("could not look at " + target + " ahead of a transaction; its upgrades heal lazily until"
                    + " the next look", e);
            return null;
        }
    }

    private static boolean changesATableOf(JdbcUpgradeContext ctx, List<SchemaUpgrade> pending) throws SQLException {
        for (SchemaUpgrade u : pending) {
            for (SchemaObject o : u.heals()) {
                if (o.table() != null && ctx.tableExists(o.table())) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Records what a look or a heal found out about {@code target}. */
    synchronized void update(Target target, Status s) {
        target.ahead = s;
        if (s.needsLook()) {
            unsettled.add(target);
            settled = false;
        } else {
            unsettled.remove(target);
            settled = unsettled.isEmpty();
        }
    }

    /** {@code work} marked as the agent's own, on whatever thread it runs. */
    static Supplier<Exception> asAgent(Supplier<Exception> work) {
        return () -> {
            Healer.IN_AGENT.set(Boolean.TRUE);
            try {
                return work.get();
            } finally {
                Healer.IN_AGENT.remove();
            }
        };
    }
}
