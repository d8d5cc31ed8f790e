package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class BackoffTest {

    @Test
    void windowsDoubleAndASuccessClearsThem() {
        AtomicLong now = new AtomicLong(0);
        Backoff backoff = new Backoff(now::get);
        SQLException failure = new SQLException("broken");
        assertNull(backoff.waiting("u1"));

        backoff.failed("u1", failure);
        assertKept(failure, backoff.waiting("u1"));
        now.set(Backoff.FIRST_WINDOW_NANOS);
        assertNull(backoff.waiting("u1"), "the first window is over");

        backoff.failed("u1", failure);
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertKept(failure, backoff.waiting("u1")); // the second window is twice as long
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertNull(backoff.waiting("u1"));

        backoff.succeeded("u1");
        backoff.failed("u1", failure);
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertNull(backoff.waiting("u1"), "after a success the window starts small again");
        assertNull(backoff.waiting("u2"), "windows are per upgrade");
    }

    @Test
    void quietUntilTheFirstRunningWindowEnds() {
        AtomicLong now = new AtomicLong(100);
        Backoff backoff = new Backoff(now::get);
        assertEquals(100, backoff.quietUntil(), "nothing backs off: not quiet");
        backoff.failed("u1", new SQLException("broken"));
        backoff.failed("u2", new SQLException("broken"));
        backoff.failed("u2", new SQLException("broken again")); // a window twice as long
        assertEquals(100 + Backoff.FIRST_WINDOW_NANOS, backoff.quietUntil());
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertEquals(100 + 2 * Backoff.FIRST_WINDOW_NANOS, backoff.quietUntil(), "u1 may be tried: u2's window is next");
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertEquals(now.get(), backoff.quietUntil());
    }

    @Test
    void windowsStopGrowingAtTheMaximum() {
        AtomicLong now = new AtomicLong(0);
        Backoff backoff = new Backoff(now::get);
        for (int i = 0; i < 40; i++) {
            backoff.failed("u", new SQLException());
        }
        now.set(Backoff.MAX_WINDOW_NANOS);
        assertNull(backoff.waiting("u"));
    }

    @Test
    void aKeptFailureSaysWhatTheFailureSaidWithoutItsStackOrCause() {
        Backoff backoff = new Backoff(() -> 0);
        backoff.failed("u", new SQLException("relation \"x\" does not exist", "42P01", 0, new IllegalStateException()));
        backoff.failed("v", new IllegalStateException("upgrade bug"));

        SQLException kept = (SQLException) backoff.waiting("u");
        assertEquals("relation \"x\" does not exist", kept.getMessage());
        assertEquals("42P01", kept.getSQLState());
        // A stack or cause taken on a web application's thread would keep its class loader alive.
        assertEquals(0, kept.getStackTrace().length);
        assertNull(kept.getCause());
        assertEquals("java.lang.IllegalStateException: upgrade bug", backoff.waiting("v").getMessage());
    }

    /** Still in its window: the caller gets what the failure said. */
    private static void assertKept(SQLException failure, Exception kept) {
        assertEquals(failure.getMessage(), kept == null ? null : kept.getMessage(), "backing off");
    }
}
