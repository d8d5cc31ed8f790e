package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One database (MySQL) or database and schema with its search path (PostgreSQL) that the
 * application talks to, as this JVM knows it: how to open a heal connection there, the upgrades
 * known to be applied there, the in-JVM heal lock (single flight) and the backoff of failed upgrades.
 */
final class Target {

    /** The URL the application connection's metadata reports (logs, the plan-cache guard). */
    final String url;
    /** How the application connection was opened; {@code null}: before the agent was attached. */
    final ConnectionRecipe recipe;
    /** MySQL: the database; PostgreSQL: the schema; {@code null}: the URL's default. */
    final String catalog;
    /** PostgreSQL: the application connection's full search path; {@code null}: the URL's default. */
    final String searchPath;
    final Dialect dialect;
    final Class<?> driverSideClass;
    /** The application's user, for connections opened before the agent was attached. */
    final String user;
    /** Ids known applied: read from the ledger under the lock, or applied here. Only grows. */
    final Set<String> applied = ConcurrentHashMap.newKeySet();
    /** Single flight: one heal per database at a time in this JVM; the others wait for its outcome. */
    final ReentrantLock healLock = new ReentrantLock();
    final Backoff backoff = new Backoff();
    /** What heal ahead knows of this place; {@code null}: no application connection tracked here yet. */
    volatile HealAhead.Status ahead;
    /**
     * Heal ahead: while pending here is only what backs off (and what requires it), no unit needs
     * a look before this time ({@link System#nanoTime()} scale).
     */
    volatile long aheadQuietUntil = System.nanoTime();
    /** Heal ahead builds this place's pending indexes; one build at a time. */
    final java.util.concurrent.atomic.AtomicBoolean aheadIndexing = new java.util.concurrent.atomic.AtomicBoolean();

    Target(String url, ConnectionRecipe recipe, String catalog, String searchPath, Dialect dialect,
           Class<?> driverSideClass, String user) {
        this.url = url;
        this.recipe = recipe;
        this.catalog = catalog;
        this.searchPath = searchPath;
        this.dialect = dialect;
        this.driverSideClass = driverSideClass;
        this.user = user;
    }

    /** For logs: the URL without its parameters (they may hold secrets and make lines long). */
    @Override
    public String toString() {
        int q = url.indexOf('?');
        String base = Secrets.maskUrl(q < 0 ? url : url.substring(0, q));
        return catalog == null ? base : base + (dialect == Dialect.POSTGRESQL ? " (schema " : " (database ") + catalog + ")";
    }
}
