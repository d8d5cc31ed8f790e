package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.upgrades.Dialect;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HealExecutorTest {

    private static final Target TARGET = new Target("jdbc:postgresql://db/app", null, null, null, Dialect.POSTGRESQL,
            HealExecutorTest.class, null);

    @Test
    void aHealLongerThanTheWaitGoesOnWhileTheCallerGetsHealContinues() throws Exception {
        HealExecutor executor = new HealExecutor(Duration.ofMillis(50));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch finished = new CountDownLatch(1);
        Exception outcome = executor.healWithin(TARGET, () -> {
            await(release);
            finished.countDown();
            return null;
        }, null, true);
        assertInstanceOf(HealExecutor.HealContinues.class, outcome);
        release.countDown();
        assertTrue(finished.await(10, TimeUnit.SECONDS), "the heal went on after the caller stopped waiting");
    }

    @Test
    void aCrowdRunsOneHealAtATimePerTargetAndEachSeesItsOutcome() throws Exception {
        HealExecutor executor = new HealExecutor(Duration.ofSeconds(30));
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        Thread[] crowd = new Thread[8];
        Exception[] outcomes = new Exception[crowd.length];
        for (int i = 0; i < crowd.length; i++) {
            int n = i;
            crowd[i] = new Thread(() -> outcomes[n] = executor.healWithin(TARGET, () -> {
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                Thread.onSpinWait();
                running.decrementAndGet();
                return n % 2 == 0 ? null : new SQLException("failed " + n);
            }, null, true));
            crowd[i].start();
        }
        for (Thread t : crowd) {
            t.join();
        }
        assertEquals(1, most.get(), "never two heals of one target at once");
        for (int i = 0; i < crowd.length; i++) {
            if (i % 2 == 0) {
                assertNull(outcomes[i]);
            } else {
                assertEquals("failed " + i, outcomes[i].getMessage());
            }
        }
    }

    @Test
    void whatRidesAlongIsWaitedForWithinTheWaitAndNeverTurnsSuccessIntoFailure() throws Exception {
        HealExecutor executor = new HealExecutor(Duration.ofMillis(50));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch rode = new CountDownLatch(1);
        assertNull(executor.healWithin(TARGET, () -> null, () -> {
            await(release);
            rode.countDown();
        }, true), "the heal succeeded; a slow index build after it changes nothing for the caller");
        release.countDown();
        assertTrue(rode.await(10, TimeUnit.SECONDS));

        AtomicInteger order = new AtomicInteger();
        HealExecutor patient = new HealExecutor(Duration.ofSeconds(30));
        assertNull(patient.healWithin(TARGET, () -> null, () -> order.set(1), true));
        assertEquals(1, order.get(), "within heal.wait the caller returns after what rides along");
    }

    @Test
    void aHealRunsWithTheRequestersApplicationClassLoaderAndKeepsNoneAfterwards() throws Exception {
        HealExecutor executor = new HealExecutor(Duration.ofSeconds(30));
        ClassLoader webapp = new java.net.URLClassLoader(new java.net.URL[0], null);
        ClassLoader[] seen = new ClassLoader[2];
        Thread request = new Thread(() -> executor.healWithin(TARGET, () -> {
            seen[0] = Thread.currentThread().getContextClassLoader();
            return null;
        }, null, true));
        request.setContextClassLoader(webapp);
        request.start();
        request.join();
        assertEquals(webapp, seen[0], "upgrades and logging are the requesting application's");
        executor.healWithin(TARGET, () -> {
            seen[1] = Thread.currentThread().getContextClassLoader();
            return null;
        }, null, true);
        assertEquals(Thread.currentThread().getContextClassLoader(), seen[1], "the same agent thread, the next requester's");
    }

    @Test
    void onceAHealIsDoneTheNextRequestNeitherWaitsForWhatRidesAlongNorSpins() throws Exception {
        HealExecutor executor = new HealExecutor(Duration.ofSeconds(30));
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch building = new CountDownLatch(1);
        assertNull(executor.healWithin(TARGET, () -> null, () -> {
            building.countDown();
            await(release); // a long index build
        }, false), "the unit does not wait for the index build");
        assertTrue(building.await(10, TimeUnit.SECONDS));
        Thread next = new Thread(() -> assertNull(executor.healWithin(TARGET, () -> null, null, true)));
        next.start();
        next.join(TimeUnit.SECONDS.toMillis(10));
        assertTrue(!next.isAlive(), "the next heal ran on its own while the index was still being built");
        release.countDown();
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
