package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * 8 threads run a statement that misses a column, for the given milliseconds, each on its own
 * connection. Prints how many failed, and the shape of the first error. Args: url user password millis
 */
public final class HammerApp {

    public static void main(String[] args) throws Exception {
        long start = System.currentTimeMillis();
        long until = start + Long.parseLong(args[3]);
        AtomicInteger failures = new AtomicInteger();
        AtomicInteger withSuppressed = new AtomicInteger();
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
                     PreparedStatement ps = c.prepareStatement("select email from customers")) {
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
                } catch (SQLException e) {
                    throw new IllegalStateException(e);
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("ELAPSED_MS " + (System.currentTimeMillis() - start));
        System.out.println("FAILURES " + failures.get());
        System.out.println("WITH_SUPPRESSED " + withSuppressed.get());
    }
}
