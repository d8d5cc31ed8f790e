package dev.schemahealer.agent;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** At most one log line per key per interval: a miss that repeats on every request must not flood the log. */
final class LogLimiter {

    private final long intervalNanos;
    private final Map<String, Long> last = new ConcurrentHashMap<>();

    LogLimiter(long intervalNanos) {
        this.intervalNanos = intervalNanos;
    }

    /** Whether to log for {@code key} now; if so, the next time is an interval away. */
    boolean shouldLog(String key) {
        long now = System.nanoTime();
        boolean[] due = new boolean[1];
        last.compute(key, (k, previous) -> {
            due[0] = previous == null || now - previous >= intervalNanos;
            return due[0] ? now : previous;
        });
        return due[0];
    }
}
