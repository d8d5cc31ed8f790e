package dev.schemahealer.spring;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresSpringIT extends SpringServiceSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    /**
     * One of the two JVMs runs pgjdbc with {@code autosave=always}, the README's former transparent
     * path: there the note table's heal (its foreign key references orders, which the failing
     * transaction had written to) waited on the transaction's own locks, a lock timeout at a time,
     * and stalled every request for seconds. The suite asserts no lock timeout and no failure.
     */
    @Override
    String firstOfTwoUrl() {
        return db.url() + (db.url().contains("?") ? "&" : "?") + "autosave=always";
    }

    /**
     * A slow upgrade with heal.wait=300ms: requests do not wait for the whole heal (they get their
     * original error after heal.wait while it goes on), and nothing is lost or doubled.
     */
    @Test
    void aSlowUpgradeHoldsNoRequestForTheWholeHeal() throws Exception {
        ShopProcess shop = start(db.url(), "heal.wait=300ms", List.of("-Dshop.slowUpgradeMillis=4000"), THREADS,
                REQUESTS, "together");
        run(shop);

        // With the default heal.wait (5 s) the same run fails nothing: here requests stopped waiting.
        assertTrue(shop.value("FAILED") > 0, shop.output());
        assertTrue(shop.containing("takes longer than heal.wait (300 ms)").size() > 0, shop.output());
        assertEquals(1, count("select count(*) from schemahealer_history where duration_ms >= 4000"));
        assertEquals(THREADS * REQUESTS, shop.value("REQUESTS"));
        assertWritesExact(shop);
    }
}
