package dev.schemahealer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemahealer.testing.Engine;
import org.junit.jupiter.api.Test;

/**
 * The README's example again, in a JVM started with {@code -javaagent} on the built agent jar (the
 * failsafe configuration of this module), as a team may run its tests: the woven drivers heal, the
 * testkit hands out their connections as they are and asserts the same healing.
 */
// PostgreSQL only: the agent's own end-to-end tests cover both drivers; this one covers the testkit
// under -javaagent, and a second embedded engine in this JVM would cost half a minute.
@ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql", current = "db/shop-v2-{dialect}.sql", engines = Engine.POSTGRESQL)
class ExampleUpgradesWithAgentIT extends ExampleUpgradesTest {

    // The checks of the upgrades themselves run on scratch databases, the same whoever heals: once,
    // in ExampleUpgradesTest. (Overridden without @HealingTest, they are no tests here.)
    @Override
    void upgradesTakeTheOldSchemaToTheNewOne(HealingDatabase db) {
    }

    @Override
    void upgradesAreIdempotent(HealingDatabase db) {
    }

    @Override
    void upgradesDeclareWhatTheyCreate(HealingDatabase db) {
    }

    /** The agent heals a database ahead of a transaction: everything pending there, not only what it misses. */
    @Override
    String[] healedByTheNoteTransaction() {
        return new String[] {"2026-01-01-01-phone", "2026-01-01-02-name-index", "2026-01-01-03-notes", "2026-01-01-04-legacy"};
    }

    @Test
    void theAgentHealsNotTheTestkit() {
        assertEquals(Healing.AGENT, Healing.current(), "this JVM runs with -javaagent: the woven drivers heal");
    }
}
