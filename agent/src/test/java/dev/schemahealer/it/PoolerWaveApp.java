package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One wave of release-2 traffic: 8 threads, each on its own connection, run statements that need
 * the mixed scenario's upgrades in autocommit. Wave 1 needs customers.email and customers.phone,
 * wave 2 the orders table and customers.segment. Prints {@code FAILED n}, the first errors and
 * {@code ELAPSED_MS}. Args: url user password wave firstId rounds
 */
public final class PoolerWaveApp {

    public static void main(String[] args) throws Exception {
        int wave = Integer.parseInt(args[3]);
        long firstId = Long.parseLong(args[4]);
        int rounds = Integer.parseInt(args[5]);
        AtomicInteger failed = new AtomicInteger();
        // The clock starts once all 8 connections are open: start-up on a loaded machine is not the heal's time.
        CyclicBarrier connected = new CyclicBarrier(8);
        long[] start = new long[1];
        Thread[] threads = new Thread[8];
        for (int t = 0; t < threads.length; t++) {
            long base = firstId + t * 1000L;
            threads[t] = new Thread(() -> {
                try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
                    if (connected.await() == 0) {
                        start[0] = System.nanoTime();
                    }
                    connected.await();
                    for (int r = 0; r < rounds; r++) {
                        try {
                            run(c, wave, base + r);
                        } catch (SQLException e) {
                            if (failed.incrementAndGet() <= 5) {
                                System.out.println("ERROR " + e.getSQLState() + " " + e.getMessage().replace('\n', ' '));
                            }
                        }
                    }
                } catch (SQLException | InterruptedException | BrokenBarrierException e) {
                    failed.incrementAndGet();
                    System.out.println("ERROR connect " + e.getMessage());
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        System.out.println("ELAPSED_MS " + (System.nanoTime() - start[0]) / 1_000_000);
        System.out.println("FAILED " + failed.get());
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    private static void run(Connection c, int wave, long id) throws SQLException {
        if (wave == 1) {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into customers (id, name, email, phone) values (?, 'wave 1', 'w1@example.com', '555')")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        } else {
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into orders (id, customer_id, amount) values (?, 1, 10)")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("update customers set segment = 'wave 2' where id = ?")) {
                ps.setLong(1, id);
                ps.executeUpdate();
            }
        }
    }
}
