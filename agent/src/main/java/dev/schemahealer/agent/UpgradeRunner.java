package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.JdbcUpgradeContext;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.net.InetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Applies upgrades on a dedicated connection, each exactly once across instances, in id order,
 * stopping at the first failure (later upgrades may depend on it). Shared by the agent and
 * {@code apply}. Two protocols, chosen per upgrade:
 *
 * <ul>
 *   <li><b>Transactional</b> (PostgreSQL, wherever the engine allows it): one transaction takes the
 *       heal lock ({@code pg_try_advisory_xact_lock}), sets the search path and the lock timeout
 *       for itself only, re-reads the ledger, runs the upgrade and writes its ledger row, and
 *       commits. Nothing depends on a server session outliving a transaction, so a
 *       transaction-mode pooler cannot split it; a crash rolls all of it back.</li>
 *   <li><b>Claimed</b> (MySQL and MariaDB, whose DDL commits by itself; a PostgreSQL upgrade that
 *       declares an index, built online, which no transaction may contain): under a session lock,
 *       the upgrade is claimed in the ledger (state {@code applying}) before its first change, its
 *       raw statements are journaled ({@link JournalingContext}), and the claim becomes
 *       {@code applied} at the end. A claim found under the lock belongs to a heal that died (a
 *       live one would hold the lock): it is resumed, re-running the idempotent helpers and skipping
 *       journaled raw statements; a raw statement that started and never reported back is in doubt,
 *       and the upgrade stops there with an error that says how to settle it.</li>
 * </ul>
 */
public final class UpgradeRunner {

    /**
     * Whether a server session stays with the heal connection between its transactions. Behind a
     * transaction-mode pooler it does not: no session lock, no session setting may be relied on,
     * and every PostgreSQL upgrade runs in its transaction (an index is then built inside it).
     */
    public enum Sessions { KEPT, TRANSACTION_POOLED }

    /**
     * Where a run applies its upgrades.
     *
     * @param searchPath PostgreSQL: the application connection's search path ({@code null}: the heal
     *                   connection's own); ignored on MySQL
     */
    public record Site(Dialect dialect, String searchPath, Sessions sessions) {
    }

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

    /** PostgreSQL: "cannot run inside a transaction block" (raw {@code CREATE INDEX CONCURRENTLY}, {@code VACUUM}). */
    private static final String PG_ACTIVE_SQL_TRANSACTION = "25001";

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

    /** One upgrade's outcome: the ledger as read under the lock, the entry written, or the failure. */
    private record Step(Map<String, Ledger.Entry> ledger, Ledger.Entry applied, Exception failure) {
    }

    /** An upgrade's own failure, as opposed to lock or ledger trouble. */
    private static final class UpgradeFailed extends Exception {
        UpgradeFailed(Exception cause) {
            super(cause);
        }

        Exception failure() {
            return (Exception) getCause();
        }
    }

    /**
     * {@link #apply(Connection, Site, List, String)} on a connection the caller holds throughout (no
     * pooler between its transactions), in its own search path: the command line and the testkit.
     */
    public Result apply(Connection c, Dialect dialect, List<SchemaUpgrade> upgrades, String trigger) throws SQLException {
        return apply(c, new Site(dialect, null, Sessions.KEPT), upgrades, trigger);
    }

    /**
     * @param c        a dedicated connection in autocommit; stays open, back in autocommit
     * @param upgrades the upgrades to apply if pending, in id order
     * @param trigger  what the ledger records as the reason
     * @throws SQLException when the lock or the ledger cannot be had; upgrade failures are in the result
     */
    public Result apply(Connection c, Site site, List<SchemaUpgrade> upgrades, String trigger) throws SQLException {
        List<Ledger.Entry> applied = new ArrayList<>();
        Map<String, Ledger.Entry> entries = new LinkedHashMap<>();
        for (SchemaUpgrade upgrade : upgrades) {
            if (entries.containsKey(upgrade.id())) {
                continue;
            }
            Step step = transactional(site, upgrade) ? inTransaction(c, site, upgrade, trigger)
                    : claimed(c, site, upgrade, trigger);
            entries = step.ledger();
            if (step.applied() != null) {
                applied.add(step.applied());
                entries.put(step.applied().upgradeId(), step.applied());
            }
            if (step.failure() != null) {
                return new Result(applied, entries, upgrade, step.failure());
            }
        }
        return new Result(applied, entries, null, null);
    }

    /**
     * PostgreSQL, unless the upgrade builds an index online where sessions are kept. Behind a
     * transaction-mode pooler the index is built inside the transaction: it blocks writes to its
     * table while it builds, but it runs once (the pooler warning says to set {@code ddl.url}).
     */
    private static boolean transactional(Site site, SchemaUpgrade upgrade) {
        if (site.dialect() != Dialect.POSTGRESQL) {
            return false;
        }
        return site.sessions() == Sessions.TRANSACTION_POOLED
                || upgrade.heals().stream().noneMatch(o -> o.kind() == SchemaObject.Kind.INDEX);
    }

    private Step inTransaction(Connection c, Site site, SchemaUpgrade upgrade, String trigger) throws SQLException {
        Map<String, Ledger.Entry> entries = Map.of();
        Exception failure;
        c.setAutoCommit(false);
        try {
            ClusterLock.inTransaction(c, ledger.table(), lockWait, site.searchPath());
            ledger.ensureExists(c, site.dialect());
            entries = ledger.read(c, site.dialect());
            if (entries.containsKey(upgrade.id())) {
                c.commit();
                return new Step(entries, null, null); // another instance applied it while we waited for the lock
            }
            Ledger.Claim claim = ledger.claims(c, site.dialect()).get(upgrade.id());
            if (claim != null && claim.inDoubt()) {
                return new Step(entries, null, inDoubt(claim));
            }
            long start = System.nanoTime();
            try {
                run(c, site.dialect(), upgrade, claim, null);
                if (c.getAutoCommit()) {
                    throw new UpgradeFailed(new SQLException("upgrade " + upgrade.id() + " switched its connection to"
                            + " autocommit; on PostgreSQL it runs inside the heal's transaction and must leave it open"));
                }
            } catch (UpgradeFailed e) {
                failure = e.failure();
                rollback(c); // all of it: the ledger's creation too, so the map read above stays what is true
                entries = Map.of();
                if (!PG_ACTIVE_SQL_TRANSACTION.equals(sqlState(failure))) {
                    return new Step(entries, null, failure);
                }
                if (site.sessions() == Sessions.KEPT) {
                    restoreAutocommit(c);
                    return claimed(c, site, upgrade, trigger); // the one statement no transaction may contain
                }
                return new Step(entries, null, new SQLException("upgrade " + upgrade.id() + " runs a statement that"
                        + " cannot run in a transaction, and heals go through a transaction-mode pooler, where only a"
                        + " transaction is sure to run once: set ddl.url to the database directly",
                        PG_ACTIVE_SQL_TRANSACTION, failure));
            }
            Ledger.Entry entry = entry(upgrade, trigger, start);
            if (claim == null) {
                ledger.record(c, site.dialect(), entry);
            } else {
                ledger.complete(c, site.dialect(), entry);
            }
            c.commit();
            return new Step(entries, entry, null);
        } finally {
            restoreAutocommit(c); // rolls back whatever did not commit
        }
    }

    private Step claimed(Connection c, Site site, SchemaUpgrade upgrade, String trigger) throws SQLException {
        try (ClusterLock lock = ClusterLock.forSession(c, site.dialect(), ledger.table(), lockWait, site.searchPath())) {
            ledger.ensureExists(c, site.dialect());
            Map<String, Ledger.Entry> entries = ledger.read(c, site.dialect());
            if (entries.containsKey(upgrade.id())) {
                return new Step(entries, null, null);
            }
            Ledger.Claim claim = ledger.claims(c, site.dialect()).get(upgrade.id());
            if (claim != null && claim.inDoubt()) {
                return new Step(entries, null, inDoubt(claim));
            }
            long start = System.nanoTime();
            if (claim == null) {
                ledger.claim(c, site.dialect(), entry(upgrade, trigger, start));
            } else {
                Log.warn("resuming upgrade " + upgrade.id() + ", claimed by " + claim.claimedBy() + " at "
                        + claim.claimedAt() + " and never finished (that heal died); " + claim.rawDone()
                        + " raw statement(s) it completed are skipped");
            }
            try {
                run(c, site.dialect(), upgrade, claim, c);
                if (!c.getAutoCommit()) {
                    throw new UpgradeFailed(new SQLException("upgrade " + upgrade.id() + " left its connection in a"
                            + " transaction; it must commit its own work and restore autocommit"));
                }
            } catch (UpgradeFailed e) {
                restoreAutocommit(c);
                return new Step(entries, null, e.failure()); // the claim stays: the next attempt resumes it
            }
            Ledger.Entry entry = entry(upgrade, trigger, start);
            ledger.complete(c, site.dialect(), entry);
            return new Step(entries, entry, null);
        }
    }

    /** Runs the upgrade itself; any of its failures becomes {@link UpgradeFailed}. */
    private void run(Connection c, Dialect dialect, SchemaUpgrade upgrade, Ledger.Claim claim, Connection journal)
            throws UpgradeFailed {
        try (JdbcUpgradeContext ctx = JdbcUpgradeContext.open(c, dialect, ddlLockTimeout, upgrade.id())) {
            upgrade.apply(new JournalingContext(ctx, ledger, journal, upgrade.id(), claim == null ? 0 : claim.rawDone()));
        } catch (Exception | LinkageError e) {
            throw new UpgradeFailed(e instanceof Exception ex ? ex : new SQLException(e.toString(), e));
        }
    }

    private SQLException inDoubt(Ledger.Claim claim) {
        String table = ledger.table();
        return new SQLException("upgrade " + claim.upgradeId() + " was interrupted by the death of the heal that claimed"
                + " it (" + claim.claimedBy() + ", " + claim.claimedAt() + ") while its raw statement #"
                + claim.rawStarted() + " ran; whether it took effect is unknown, so it is not run again. Check the"
                + " schema, then either mark it done (update " + table + " set raw_done = raw_started where upgrade_id"
                + " = '" + claim.upgradeId() + "') or undo it and let it run again (update " + table
                + " set raw_started = raw_done ...)", "55000");
    }

    private Ledger.Entry entry(SchemaUpgrade upgrade, String trigger, long startNanos) {
        long millis = (System.nanoTime() - startNanos) / 1_000_000;
        return new Ledger.Entry(upgrade.id(), description(upgrade), Instant.now(), appliedBy, trigger, millis);
    }

    private static String sqlState(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        return null;
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

    private static void rollback(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback();
            }
        } catch (SQLException ignored) {
            // the connection is closed after the run anyway
        }
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
