package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.lang.ref.WeakReference;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** What the hooks leave behind after they return: nothing that keeps a driver's exception alive. */
class HookStateTest {

    @Test
    void aDeclinedExceptionIsNotKeptByTheThreadThatSawIt() throws Exception {
        Healer healer = new Healer(AgentOptions.defaults());
        try (TestDatabase db = TestDatabase.create(Engine.POSTGRESQL);
             Connection c = db.connect(); Statement st = c.createStatement()) {
            WeakReference<SQLException> seen = failAndDecline(healer, st);
            // The statement is still open and used again; the exception (its message can hold row
            // data) must not outlive the call, on this pool thread or on the statement.
            assertTrue(VirtualFieldTest.collected(seen), "the declined exception is still reachable");
        }
    }

    /** A failure the healer declines (no upgrade is registered), reported the way the advice does. */
    private static WeakReference<SQLException> failAndDecline(Healer healer, Statement st) {
        SQLException e = assertThrows(SQLException.class, () -> st.execute("select no_such_column from pg_class"));
        assertNull(healer.onStatementFailure(st, "execute", "select no_such_column from pg_class", e, null));
        // The outer woven call of a driver that calls one execute method from another sees the same object.
        assertNull(healer.onStatementFailure(st, "executeLargeUpdate", null, e, null));
        return new WeakReference<>(e);
    }
}
