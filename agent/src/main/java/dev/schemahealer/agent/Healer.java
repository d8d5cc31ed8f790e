package dev.schemahealer.agent;

import dev.schemahealer.agent.UpgradeSelector.Selection;
import dev.schemahealer.bootstrap.Hooks;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaObject.Kind;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The adapter behind the woven hooks: classifies a failure, picks upgrades, finds where the heal
 * lands ({@link Targets}), has {@link HealService} run it (once per JVM, once across instances) or
 * owes it to the end of the transaction, and decides between a retry and the original exception.
 * Everything here runs only after a statement failed; the happy path never reaches this class.
 *
 * <p>Fail open: every entry point catches its own throwables. A bug here costs a heal, never a
 * statement that would have worked without the agent.
 */
final class Healer extends Hooks {

    /**
     * Set while this thread is inside the agent. The agent's own statements (an upgrade's, a
     * metadata call such as pgjdbc's {@code getCatalog()}, which runs a query) go through the same
     * woven driver: when they fail, they must reach their caller untouched, never recurse here.
     */
    static final ThreadLocal<Boolean> IN_AGENT = new ThreadLocal<>();
    /** More misses than this in one statement is a loop, not a schema change. */
    private static final int MAX_ROUNDS = 16;

    private final AgentOptions options;
    private final UpgradeCatalog catalog;
    private final ConnectionSource connections;
    private final PlanCacheGuard planCacheGuard = new PlanCacheGuard();
    private final Targets targets;
    private final Ledger ledger;
    private final HealService heals;
    private final HealAhead ahead;
    private final HealExecutor executor;
    /** Observe mode logs a miss at most once a minute: it repeats on every request that needs the object. */
    private final LogLimiter observeLog = new LogLimiter(TimeUnit.MINUTES.toNanos(1));
    private final AtomicBoolean unknownPlaceLogged = new AtomicBoolean();

    Healer(AgentOptions options) {
        this.options = options;
        this.catalog = new UpgradeCatalog(options.upgrades());
        this.connections = new ConnectionSource(options.ddlUrl(), options.ddlUser(), options.ddlPassword());
        this.targets = new Targets(connections);
        this.ledger = new Ledger(options.ledgerTable());
        this.heals = new HealService(options, connections, ledger, planCacheGuard);
        this.executor = new HealExecutor(options.healWait());
        this.ahead = new HealAhead(options, catalog, connections, ledger, heals, executor);
    }

    /** Per statement call: the misses already retried, so the same miss is never retried twice. */
    static final class RetryToken {
        private final List<Miss> retried = new ArrayList<>(2);

        boolean retried(Miss miss) {
            return retried.contains(miss) || retried.size() >= MAX_ROUNDS;
        }
    }

    // ---- hooks ----

    @Override
    protected Object onStatementFailure(Object statement, String method, Object sql, Throwable thrown, Object token) {
        if (!(thrown instanceof SQLException) || IN_AGENT.get() != null || StatementState.wasDeclined(statement, thrown)) {
            return null;
        }
        Object next = null;
        IN_AGENT.set(Boolean.TRUE);
        try {
            next = decide((Statement) statement, !RetrySafety.of(statement, method, sql).mayRunAgain(), (SQLException) thrown,
                    (RetryToken) token);
        } catch (Throwable t) {
            Log.warn("internal error while handling a failed statement; the original error goes to the caller", t);
        } finally {
            IN_AGENT.remove();
        }
        if (next == null) {
            StatementState.declined(statement, thrown);
        }
        return next;
    }

    @Override
    protected void onStreamBound(Object statement) {
        StatementState.streamBound(statement);
    }

    @Override
    protected void onStatementPrepared(Object statement, String sql) {
        StatementState.prepared(statement, sql);
    }

    @Override
    protected void onConnect(Object driver, String url, Properties info, Object connection) {
        if (IN_AGENT.get() == null) {
            connections.remember(driver, url, info, connection);
            planCacheGuard.register(url, connection);
            track(connection, true);
        }
    }

    /**
     * Heal ahead: resolves where an application connection works, when the driver opened it
     * (PostgreSQL: one query, while it is in autocommit, when {@code ask}) or the application set
     * its schema, so that a transaction or batch starting on it later needs no round trip to know
     * whether something is pending there.
     */
    private void track(Object connection, boolean ask) {
        if (!options.healAhead() || options.mode() != AgentOptions.Mode.HEAL || !(connection instanceof Connection c)) {
            return;
        }
        IN_AGENT.set(Boolean.TRUE);
        try {
            if (!catalog.upgrades(c.getClass().getClassLoader()).isEmpty()) {
                Target target = targets.of(c, c.getClass(), ask);
                if (target != null) {
                    ahead.connected(connections.state(c), target);
                }
            }
        } catch (Throwable t) {
            Log.warn("could not tell which database a connection works in; it heals lazily", t);
        } finally {
            IN_AGENT.remove();
        }
    }

    @Override
    protected void onUnitStart(Object connection, Object statement) {
        // Once nothing is pending where this JVM's connections work: this one volatile read.
        if (ahead.settled()) {
            return;
        }
        // Something is pending somewhere: a transaction whose own place has nothing to do costs
        // a few field reads (a batch asks its statement for the connection below).
        ConnectionState own = statement == null ? ConnectionState.peek(connection) : null;
        if (own != null && own.aheadTarget != null && !HealAhead.status(own.aheadTarget).needsLook()
                || IN_AGENT.get() != null) {
            return;
        }
        IN_AGENT.set(Boolean.TRUE);
        try {
            Connection c = statement == null ? (Connection) connection : ((Statement) statement).getConnection();
            // A transaction begins only from autocommit; a batch inside one was covered when it began.
            if (c.getAutoCommit()) {
                ahead.beforeUnit(connections.state(c), statement == null ? "transaction" : "batch");
            }
        } catch (Throwable t) {
            Log.warn("internal error while healing ahead of a transaction or batch; it runs as it is", t);
        } finally {
            IN_AGENT.remove();
        }
    }

    @Override
    protected void onConnectWith(Object configuration, Object connection) {
        if (IN_AGENT.get() == null) {
            connections.rememberConfiguration(configuration, connection);
        }
    }

    @Override
    protected void onSchemaSet(Object connection, String schema) {
        if (IN_AGENT.get() == null) {
            connections.schemaSet(connection, schema);
            ConnectionState state = ConnectionState.peek(connection);
            if (state != null && state.aheadTarget != null) {
                track(connection, false); // a tenant's schema: no round trip, the schema is what was set
            }
        }
    }

    @Override
    protected void onTransactionEnd(Object connection) {
        // The common case, nothing owed: a field read (a weak map lookup for classes loaded before an attach).
        ConnectionState state = ConnectionState.peek(connection);
        if (state == null || !state.owes() || IN_AGENT.get() != null) {
            return;
        }
        OwedHeal owed = state.takeOwed();
        if (owed == null) {
            return;
        }
        IN_AGENT.set(Boolean.TRUE);
        try {
            // Nothing may run on the application's connection here: in manual-commit mode a query
            // would open a transaction of ours, whose snapshot a concurrent index build waits for.
            healWithin(owed.target(), owed.upgrades(), List.of(), owed.miss(), true);
        } catch (Throwable t) {
            Log.warn("internal error while healing after a transaction ended", t);
        } finally {
            IN_AGENT.remove();
        }
    }

    @Override
    protected void onColumnLookupFailure(Object resultSet, String label, Throwable thrown) {
        if (IN_AGENT.get() != null || label == null || !(thrown instanceof SQLException)) {
            return;
        }
        IN_AGENT.set(Boolean.TRUE);
        try {
            Statement statement = ((ResultSet) resultSet).getStatement();
            if (statement != null) {
                // The name comes from the application's own call, not from a message.
                Miss miss = Miss.lookup(MissClassifier.unqualified(label));
                healOrDefer(statement, miss, (SQLException) thrown, true);
            }
        } catch (Throwable t) {
            Log.warn("internal error while handling a failed column lookup; the original error goes to the caller", t);
        } finally {
            IN_AGENT.remove();
        }
    }

    // ---- decisions ----

    /** Returns the token to retry with, or {@code null} to let the exception through. */
    RetryToken decide(Statement statement, boolean noRetry, SQLException e, RetryToken token) throws SQLException {
        if (PlanCacheGuard.isStalePlan(e) && options.mode() == AgentOptions.Mode.HEAL) {
            // Another instance changed the schema: spare this connection's siblings the same error.
            Connection c = statement.getConnection();
            planCacheGuard.protect(c.getMetaData().getURL());
            return null;
        }
        Miss miss = MissClassifier.classify(e);
        if (miss == null || (token != null && token.retried(miss))) {
            return null;
        }
        if (!miss.nameKnown()) {
            UnnamedMisses.report(miss, e);
            return null;
        }
        if (!healOrDefer(statement, miss, e, noRetry)) {
            return null;
        }
        RetryToken next = token == null ? new RetryToken() : token;
        next.retried.add(miss);
        HealerMetrics.get().retried();
        return next;
    }

    /**
     * Heals {@code miss} now when the statement's connection allows it, or owes the heal to the end
     * of its transaction. Returns whether the statement may run again.
     *
     * @param noRetry the caller cannot run again (a batch, a column lookup): heal, never retry
     */
    private boolean healOrDefer(Statement statement, Miss miss, SQLException e, boolean noRetry) throws SQLException {
        HealerMetrics.get().miss(statement.getClass().getClassLoader());
        List<SchemaUpgrade> upgrades = catalog.upgrades(statement.getClass().getClassLoader());
        if (upgrades.isEmpty()) {
            return false;
        }
        if (UpgradeSelector.select(miss, upgrades, Set.of()).isEmpty()) {
            return false; // no upgrade could ever heal this: no round trip
        }
        Connection connection = statement.getConnection();
        Target target = targets.of(connection, statement.getClass());
        if (target == null) {
            if (unknownPlaceLogged.compareAndSet(false, true)) {
                Log.warn(miss.trigger() + " in a transaction that can no longer say which schema it works in (a"
                        + " connection opened before the agent was attached, schema never set with setSchema or the"
                        + " URL's currentSchema): not healed, rather than healed in the wrong schema; the statement"
                        + " gets its error. Further cases are not logged.");
            }
            return false;
        }
        HealerMetrics.get().seen(target, upgrades);
        Selection selection = UpgradeSelector.select(miss, upgrades, target.applied);
        if (selection.isEmpty()) {
            return false;
        }
        List<SchemaUpgrade> toApply = selection.toApply();
        if (options.mode() == AgentOptions.Mode.OBSERVE) {
            HealerMetrics.get().observed();
            if (observeLog.shouldLog(target.url + "|" + miss)) {
                Log.info("observe: " + miss.trigger() + " on " + target + " would apply " + HealService.ids(toApply));
            }
            return false;
        }
        boolean autocommit = connection.getAutoCommit();
        // A MySQL transaction survives a failed statement; a PostgreSQL one only with autosave=always.
        boolean survives = !autocommit
                && (target.dialect.isMysqlFamily() || PlanCacheGuard.autosaveAlways(connection));
        TransactionPolicy.Situation situation = new TransactionPolicy.Situation(autocommit, !noRetry,
                !toApply.isEmpty(), target.dialect, survives, declaresTables(toApply),
                // Asked only of a transaction that survived: an aborted one cannot answer.
                survives && connection.getTransactionIsolation() == Connection.TRANSACTION_READ_COMMITTED,
                () -> holdsLocks(connection));
        List<SchemaUpgrade> riders = ready(target, selection.riders());
        switch (TransactionPolicy.decide(situation)) {
            case RETRY:
                return true;
            case RETHROW:
                return false;
            case DEFER:
                List<SchemaUpgrade> owed = new ArrayList<>(toApply);
                owed.addAll(riders);
                defer(connection, target, owed, miss);
                return false;
            case HEAL_THEN_RETRY:
            case HEAL_THEN_RETHROW:
            default:
                break;
        }
        long waitStart = System.nanoTime();
        Exception failure = healWithin(target, toApply, riders, miss, autocommit);
        HealerMetrics.get().waited(waitStart);
        if (failure == null) {
            return !noRetry;
        }
        if (!autocommit && !(failure instanceof HealExecutor.HealContinues)) {
            defer(connection, target, toApply, miss); // the heal failed in place: try again when it ends
        }
        e.addSuppressed(failure);
        return false;
    }

    /**
     * Runs the heal on the agent's thread and waits for it at most {@code heal.wait}; index builds
     * riding along run after it there, nobody waiting. Heal ahead then looks at the target again.
     */
    private Exception healWithin(Target target, List<SchemaUpgrade> upgrades, List<SchemaUpgrade> riders, Miss miss,
                                 boolean backOffOnFailure) {
        return executor.healWithin(target, HealAhead.asAgent(() -> {
            Exception failure = heals.heal(target, upgrades, miss, backOffOnFailure);
            ahead.healed(target);
            return failure;
        }), riders.isEmpty() ? null : () -> HealAhead.asAgent(() -> {
            heals.heal(target, riders, miss, true); // its failure is logged and backs off on its own
            ahead.healed(target);
            return null;
        }).get(), true);
    }

    /**
     * Index builds no statement can miss ride along after a heal, when what they require is
     * applied; one that is backing off after a failure waits for its own next attempt.
     */
    private static List<SchemaUpgrade> ready(Target target, List<SchemaUpgrade> riders) {
        List<SchemaUpgrade> ready = new ArrayList<>(riders.size());
        for (SchemaUpgrade u : riders) {
            if (target.backoff.waiting(u.id()) == null) {
                ready.add(u);
            }
        }
        return ready;
    }

    /**
     * Whether every upgrade names what it changes (no catch-all, no index build, which waits for
     * every open transaction, ours included): only then can {@link #holdsLocks} judge the risk.
     */
    private static boolean declaresTables(List<SchemaUpgrade> upgrades) {
        for (SchemaUpgrade u : upgrades) {
            if (u.heals().isEmpty() || u.heals().stream().anyMatch(o -> o.kind() == Kind.INDEX)) {
                return false;
            }
        }
        return true;
    }

    /**
     * Whether the connection's transaction holds a lock on any user table (PostgreSQL). Any, not
     * only the tables an upgrade names: a new table's foreign key needs a lock on the table it
     * references, which this transaction may have written to.
     */
    private static boolean holdsLocks(Connection connection) {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select count(*) from pg_catalog.pg_locks l"
                     + " join pg_catalog.pg_class c on c.oid = l.relation"
                     + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                     + " where l.pid = pg_backend_pid() and l.locktype = 'relation'"
                     + " and n.nspname not in ('pg_catalog', 'information_schema')")) {
            return !rs.next() || rs.getInt(1) > 0;
        } catch (SQLException e) {
            return true; // cannot tell: not safe
        }
    }

    private static void defer(Connection connection, Target target, List<SchemaUpgrade> upgrades, Miss miss) {
        ConnectionState.of(connection).owe(new OwedHeal(target, upgrades, miss));
    }

}
