package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

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
        assertSame(failure, backoff.waiting("u1"));
        now.set(Backoff.FIRST_WINDOW_NANOS);
        assertNull(backoff.waiting("u1"), "the first window is over");

        backoff.failed("u1", failure);
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertSame(failure, backoff.waiting("u1"), "the second window is twice as long");
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertNull(backoff.waiting("u1"));

        backoff.succeeded("u1");
        backoff.failed("u1", failure);
        now.addAndGet(Backoff.FIRST_WINDOW_NANOS);
        assertNull(backoff.waiting("u1"), "after a success the window starts small again");
        assertNull(backoff.waiting("u2"), "windows are per upgrade");
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
}
