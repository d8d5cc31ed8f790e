package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 8 threads run a statement that misses a column, for the given milliseconds, each on its own
 * connection. Prints how many failed, and the shape of the first error. Args: url user password millis
 *
 * <p>The clock starts once every thread has its connection and statement: the window is statement
 * traffic only, not the driver's class loading (woven when its first class loads).
 */
public final class HammerApp {

    public static void main(String[] args) throws Exception {
        Thread[] threads = new Thread[8];
        long[] window = new long[2];
        CyclicBarrier ready = new CyclicBarrier(threads.length, () -> {
            window[0] = System.currentTimeMillis();
            window[1] = window[0] + Long.parseLong(args[3]);
        });
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger withSuppressed = new AtomicInteger();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
                     PreparedStatement ps = c.prepareStatement("select email from customers")) {
                    ready.await();
                    long until = window[1];
                    while (System.currentTimeMillis() < until) {
                        try {
                            ps.executeQuery().close();
                        } catch (SQLException e) {
                            failures.incrementAndGet();
                            if (e.getSuppressed().length > 0) {
                                withSuppressed.incrementAndGet();
                            }
                        }
                    }
                } catch (SQLException | InterruptedException | BrokenBarrierException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("ELAPSED_MS " + (System.currentTimeMillis() - window[0]));
        System.out.println("FAILURES " + failures.get());
        System.out.println("WITH_SUPPRESSED " + withSuppressed.get());
    }
}
