package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One database (MySQL) or database and schema (PostgreSQL) that the application talks to, as this
 * JVM knows it: the upgrades known to be applied there, the in-JVM heal lock (single flight) and
 * the backoff of failed upgrades.
 */
final class Target {

    final String url;
    /** MySQL: the database; PostgreSQL: the schema; {@code null}: the URL's default. */
    final String catalog;
    final Dialect dialect;
    final Class<?> driverSideClass;
    /** The application's user, for connections opened before the agent was attached. */
    final String user;
    /** Ids known applied: read from the ledger under the lock, or applied here. Only grows. */
    final Set<String> applied = ConcurrentHashMap.newKeySet();
    /** Single flight: one heal per database at a time in this JVM; the others wait for its outcome. */
    final ReentrantLock healLock = new ReentrantLock();
    final Backoff backoff = new Backoff();

    Target(String url, String catalog, Dialect dialect, Class<?> driverSideClass, String user) {
        this.url = url;
        this.user = user;
        this.catalog = catalog;
        this.dialect = dialect;
        this.driverSideClass = driverSideClass;
    }

    /** For logs: the URL without its parameters (they may hold secrets and make lines long). */
    @Override
    public String toString() {
        int q = url.indexOf('?');
        String base = Secrets.maskUrl(q < 0 ? url : url.substring(0, q));
        return catalog == null ? base : base + (dialect == Dialect.POSTGRESQL ? " (schema " : " (database ") + catalog + ")";
    }
}
