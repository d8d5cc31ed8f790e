package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Never run twice, never heal on a guess, a failure stops only what depends on it; child JVMs with the agent. */
abstract class BlastRadiusSuite extends EndToEndBase {

    private ChildJvm run(String scenario, String mode) throws Exception {
        ChildJvm app = ChildJvm.start(upgradesOption(scenario), ChildJvm.applicationClassPath(), BlastRadiusApp.class,
                dbArgs(mode));
        assertEquals(0, app.waitFor(90), app.output());
        return app;
    }

    private void exec(String... statements) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String sql : statements) {
                st.execute(sql);
            }
        }
    }

    @Test
    void aPreparedCallThatWroteBeforeItMissedIsHealedButNeverRunAgain() throws Exception {
        exec("create table audit (v int)");
        if (engine() == Engine.POSTGRESQL) {
            // The procedure commits its audit row before it misses: a rerun would write a second one.
            exec("create procedure audited(x int) language plpgsql as $$ begin insert into audit values (x); commit;"
                    + " update customers set email = 'a@example.com' where id = x; end $$");
        } else {
            exec("create procedure audited(in x int) begin insert into audit values (x);"
                    + " update customers set email = 'a@example.com' where id = x; end");
        }
        ChildJvm app = run("mixed", "call");

        assertEquals(1, app.linesStartingWith("ERROR").size(), app.output());
        assertEquals(1, count("select count(*) from audit"), "the call ran twice: " + app.output());
        assertEquals(Set.of("it-001-customer-email"), ledgerTriggers().keySet(), "healed for the application's retry");
    }

    @Test
    void aMissTheAgentCannotNameHealsNothing() throws Exception {
        ChildJvm app = run("mixed", "unnamed");

        assertEquals(1, app.linesStartingWith("ERROR").size(), app.output());
        assertEquals(0, count("select count(*) from it_apply_log"), "an upgrade ran on a guess: " + app.output());
        if (engine() == Engine.MYSQL) {
            // A real miss reported in German: one line says what could not be read and how to fix it.
            assertTrue(app.output().contains("heals nothing"), app.output());
        }
    }

    @Test
    void aBrokenUpgradeBlocksOnlyWhatDependsOnIt() throws Exception {
        ChildJvm email = run("blast", "email");
        assertEquals(List.of("OK"), email.linesStartingWith("OK"), email.output());
        assertEquals(1, count("select count(*) from it_apply_log where upgrade_id = 'it-200-customer-email'"));
        assertTrue(!email.output().contains("it-100-broken"), "the broken upgrade was not even attempted: " + email.output());

        // Its own miss still attempts it (and gets its error); the heal of email is unaffected.
        ChildJvm bad = run("blast", "bad");
        assertEquals(1, bad.linesStartingWith("ERROR").size(), bad.output());
        assertTrue(bad.output().contains("upgrade it-100-broken failed"), bad.output());
        assertEquals(1, count("select count(*) from customers where email is null"));
    }

    /**
     * Heal ahead of a transaction applies every pending upgrade but what depends on a failing one:
     * the broken upgrade fails (and backs off), the unrelated one is still applied, and the
     * transaction that needs it succeeds on its first attempt.
     */
    @Test
    void aBrokenUpgradeDoesNotKeepATransactionFromBeingHealedAhead() throws Exception {
        ChildJvm tx = run("blast", "email-tx");

        assertEquals(List.of("OK"), tx.linesStartingWith("OK"), tx.output());
        assertEquals(1, count("select count(*) from it_apply_log where upgrade_id = 'it-200-customer-email'"));
        assertTrue(tx.output().contains("upgrade it-100-broken failed for ahead of a transaction"), tx.output());
        assertEquals(1, count("select count(*) from schemahealer_history where state = 'applied'"
                + " and upgrade_id = 'it-200-customer-email'"));
        assertEquals(0, count("select count(*) from schemahealer_history where state = 'applied'"
                + " and upgrade_id = 'it-100-broken'"));
    }
}
