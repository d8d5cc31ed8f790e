package dev.schemahealer.agent;

import java.util.Map;

/**
 * What an operator watches, as the JMX MBean {@code dev.schemahealer:type=Healer}. Counts since the
 * JVM started; the MBean appears with the first miss (start-up registers nothing).
 */
public interface HealerMXBean {

    /** Statements (and column lookups) that failed on a missing column, table or function, or a NOT NULL an upgrade drops. */
    long getMisses();

    /** Heals that applied at least one upgrade in this JVM. */
    long getHeals();

    /** Statements the agent ran again after a heal. */
    long getStatementsRetried();

    long getUpgradesApplied();

    /** Upgrade attempts that failed (the upgrade, its lock or its connection). */
    long getUpgradeFailures();

    /** Misses seen in {@code mode=observe}: each would have healed. */
    long getObservedMisses();

    /** Requests that waited for a heal, their own or another thread's. */
    long getRequestsWaited();

    /** The time those requests waited, in total. */
    long getWaitedMillis();

    /** The last heal's duration, lock wait included; 0 before the first. */
    long getLastHealMillis();

    /** For each database (MySQL) or schema (PostgreSQL) a miss reached: the upgrades the code has and it lacks. */
    Map<String, Integer> getPendingUpgrades();
}
