package dev.schemahealer.agent;

import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Runs heals on the agent's own daemon threads, one at a time per target, and lets the request
 * thread that needs one wait for it at most {@code heal.wait}. A slow upgrade (an index on a big
 * table, a DDL retried behind a long transaction) then never holds the application's threads and
 * pooled connections for {@code lock.wait}: the request gets its original error and the heal goes on.
 */
final class HealExecutor {

    private final Duration wait;
    private final ExecutorService threads;
    /** The heal running for each target; at most one, so a crowd of failing requests starts one heal. */
    private final Map<Target, Flight> inFlight = new ConcurrentHashMap<>();

    /**
     * One heal on its way: its result, and the end of what rides along after it; the first request
     * that stops waiting for it says so in the log, once.
     */
    private record Flight(CompletableFuture<Exception> result, CompletableFuture<Void> done, AtomicBoolean reported) {
        Flight() {
            this(new CompletableFuture<>(), new CompletableFuture<>(), new AtomicBoolean());
        }
    }

    HealExecutor(Duration wait) {
        this.wait = wait;
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newCachedThreadPool(r -> newThread(r, "schemahealer-heal-" + n.incrementAndGet()));
    }

    /**
     * A daemon thread (it never keeps the application's JVM alive) that holds no application's
     * class loader while idle: no context class loader, and (Java 17 to 23) created privileged, so
     * that the access control context it inherits holds none of the requesting web application's
     * frames, whose protection domains would keep its loader after an undeploy.
     */
    @SuppressWarnings("removal")
    private static Thread newThread(Runnable r, String name) {
        return java.security.AccessController.doPrivileged((java.security.PrivilegedAction<Thread>) () -> {
            Thread t = new Thread(null, r, name, 0, false); // no inheritable thread-locals of the requester
            t.setDaemon(true);
            t.setContextClassLoader(null);
            return t;
        });
    }

    /**
     * Runs {@code heal} for {@code target} on an agent thread and waits for it at most
     * {@code heal.wait}. A heal already running for the target is waited for first, then
     * {@code heal} runs (it finds done what that one did, at no cost but the check).
     *
     * @param heal       returns {@code null} on success, else the failure
     * @param afterwards  run on the agent's thread once {@code heal} succeeded (index builds that
     *                    ride along); the caller waits for it only while {@code heal.wait} lasts,
     *                    and its outcome changes nothing for the caller; or {@code null}
     * @param waitForAfterwards false: return as soon as {@code heal} is done
     * @return {@code null} once {@code heal} succeeded; its failure; or, when the wait ran out, an
     *         exception saying the heal goes on
     */
    Exception healWithin(Target target, Supplier<Exception> heal, Runnable afterwards, boolean waitForAfterwards) {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            Flight mine = new Flight();
            Flight running = inFlight.putIfAbsent(target, mine);
            if (running == null) {
                start(target, mine, heal, afterwards);
                Exception failure = await(mine, deadline, target);
                if (failure == null && afterwards != null && waitForAfterwards) {
                    awaitQuietly(mine.done(), deadline);
                }
                return failure;
            }
            Exception waited = await(running, deadline, target);
            if (waited instanceof HealContinues) {
                return waited;
            }
        }
    }

    /**
     * Runs {@code work} for {@code target} on an agent thread unless something already runs there,
     * and returns at once: nobody waits for it.
     */
    void startIfIdle(Target target, Supplier<Exception> work) {
        Flight mine = new Flight();
        if (inFlight.putIfAbsent(target, mine) == null) {
            start(target, mine, work, null);
        }
    }

    private void start(Target target, Flight mine, Supplier<Exception> heal, Runnable afterwards) {
        // The requester's application: its upgrades and its logging (a container's web
        // application), for this heal only.
        ClassLoader application = Thread.currentThread().getContextClassLoader();
        Runnable task = () -> {
            Thread.currentThread().setContextClassLoader(application);
            try {
                Exception failure;
                try {
                    failure = heal.get();
                } catch (Throwable t) {
                    failure = t instanceof Exception e ? e : new SQLException(t.toString(), t);
                }
                // Done: the next request starts a heal of its own (which finds this one's work
                // done) instead of waiting for what rides along.
                inFlight.remove(target, mine);
                mine.result().complete(failure);
                if (failure == null && afterwards != null) {
                    afterwards.run();
                }
            } finally {
                Thread.currentThread().setContextClassLoader(null);
                inFlight.remove(target, mine);
                mine.done().complete(null);
            }
        };
        try {
            threads.execute(task);
        } catch (Throwable t) { // no thread to be had: this heal does not happen, the next request tries again
            inFlight.remove(target, mine);
            mine.result().complete(new SQLException("could not start a heal thread: " + t, t));
            mine.done().complete(null);
        }
    }

    private Exception await(Flight heal, long deadline, Target target) {
        long left = deadline - System.nanoTime();
        try {
            return heal.result().get(Math.max(0, left), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            HealContinues continues = new HealContinues("the heal of " + target + " takes longer than heal.wait ("
                    + wait.toMillis() + " ms); it goes on in the background");
            if (heal.reported().compareAndSet(false, true)) {
                Log.info(continues.getMessage() + "; requests that need it meanwhile go on or get their original error");
            }
            return continues;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new HealContinues("interrupted while waiting for the heal of " + target + "; it goes on");
        } catch (ExecutionException e) {
            return new SQLException(e.getCause());
        }
    }

    private static void awaitQuietly(CompletableFuture<Void> done, long deadline) {
        try {
            done.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // goes on in the background
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The wait ran out; the heal itself goes on. */
    static final class HealContinues extends SQLException {
        HealContinues(String message) {
            super(message);
        }
    }
}
