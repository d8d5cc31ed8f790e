package dev.schemahealer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The README's example again, in a JVM started with {@code -javaagent} on the built agent jar (the
 * failsafe configuration of this module), as a team may run its tests: the woven drivers heal, the
 * testkit hands out their connections as they are and asserts the same healing.
 */
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

    @Test
    void theAgentHealsNotTheTestkit() {
        assertEquals(Healing.AGENT, Healing.current(), "this JVM runs with -javaagent: the woven drivers heal");
    }
}
