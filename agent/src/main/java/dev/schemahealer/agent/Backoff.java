package dev.schemahealer.agent;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * One attempt per window per upgrade: after a failure, an upgrade is not tried again until its
 * window has passed, so a broken upgrade under heavy traffic costs one attempt (and one log line)
 * per window instead of one per statement. Windows double from 1 s to 5 min.
 *
 * <p>What a caller gets during a window is the failure's text, SQLState and code without its stack
 * or cause: a stack captured on a web application's request thread keeps that application's classes
 * (and its class loader) alive for as long as the failure is kept, in a target a shared driver keeps.
 */
final class Backoff {

    static final long FIRST_WINDOW_NANOS = 1_000_000_000L;
    static final long MAX_WINDOW_NANOS = 300_000_000_000L;

    private record Failure(Exception exception, int failures, long retryAtNanos) {
    }

    private final Map<String, Failure> failures = new ConcurrentHashMap<>();
    private final LongSupplier clock;

    Backoff() {
        this(System::nanoTime);
    }

    Backoff(LongSupplier clock) {
        this.clock = clock;
    }

    /** The last failure of {@code upgradeId} if its window has not passed yet, else {@code null}. */
    Exception waiting(String upgradeId) {
        Failure f = failures.get(upgradeId);
        return f != null && clock.getAsLong() - f.retryAtNanos() < 0 ? f.exception() : null;
    }

    /**
     * When the first window still running ends ({@link System#nanoTime()} scale); now when none
     * is running. Until then, no upgrade this backoff holds can be tried.
     */
    long quietUntil() {
        long now = clock.getAsLong();
        long until = now;
        for (Failure f : failures.values()) {
            if (f.retryAtNanos() - now > 0 && (until == now || f.retryAtNanos() - until < 0)) {
                until = f.retryAtNanos();
            }
        }
        return until;
    }

    void failed(String upgradeId, Exception e) {
        Exception kept = new KeptFailure(e);
        failures.compute(upgradeId, (id, previous) -> {
            int n = previous == null ? 1 : previous.failures() + 1;
            long window = FIRST_WINDOW_NANOS << Math.min(n - 1, 20);
            window = Math.min(window, MAX_WINDOW_NANOS);
            return new Failure(kept, n, clock.getAsLong() + window);
        });
    }

    void succeeded(String upgradeId) {
        failures.remove(upgradeId);
    }

    /** A failure as kept for its window: what it says, without a stack or a cause. */
    static final class KeptFailure extends SQLException {
        private static final long serialVersionUID = 1L;

        KeptFailure(Exception e) {
            super(e instanceof SQLException s ? s.getMessage() : e.toString(),
                    e instanceof SQLException s ? s.getSQLState() : null,
                    e instanceof SQLException s ? s.getErrorCode() : 0);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this; // no stack: it would hold the classes of the frames it was taken in
        }
    }
}
