package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.agent.HealAhead.Status;
import dev.schemahealer.upgrades.Dialect;
import org.junit.jupiter.api.Test;

class HealAheadTest {

    private static Target target(String schema) {
        return new Target("jdbc:postgresql://db/app", null, schema, '"' + schema + '"', Dialect.POSTGRESQL,
                HealAheadTest.class, null);
    }

    @Test
    void settledUntilAConnectionToAnUnknownTargetAndAgainOnceEveryTargetIsClearOrForeign() {
        // Without a catalog the background looks fail at once and change nothing: the test drives the statuses.
        HealAhead ahead = new HealAhead(null, null, null, null, null, new HealExecutor(java.time.Duration.ofSeconds(1)));
        assertTrue(ahead.settled(), "no connection yet: nothing to look at");
        Target app = target("app");
        Target reporting = target("reporting");
        ConnectionState c1 = new ConnectionState();
        ahead.connected(c1, app);
        ahead.connected(new ConnectionState(), reporting);
        assertFalse(ahead.settled());
        assertSame(app, c1.aheadTarget);
        assertEquals(Status.UNKNOWN, HealAhead.status(app));

        ahead.update(app, Status.PENDING);
        ahead.update(reporting, Status.FOREIGN);
        assertFalse(ahead.settled(), "app still has pending upgrades");
        ahead.update(app, Status.CLEAR);
        assertTrue(ahead.settled());

        // A connection to a known, clear target changes nothing; one to a new target (a tenant) does.
        ahead.connected(new ConnectionState(), app);
        assertTrue(ahead.settled());
        ConnectionState tenant = new ConnectionState();
        ahead.connected(tenant, target("tenant2"));
        assertFalse(ahead.settled());
        ahead.beforeUnit(new ConnectionState(), "transaction"); // not tracked: nothing to do, no heal
    }
}
