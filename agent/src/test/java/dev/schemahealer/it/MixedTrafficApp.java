package dev.schemahealer.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * A "release 2" application on a release-1 schema: 16 threads over HikariCP run statements that
 * need four upgrades, one of them missing two columns at once. Every statement runs in autocommit.
 * Prints {@code FAILED <n>} and the first errors; exit code 0 only when every statement worked.
 *
 * <p>Args: url user password firstId rounds
 */
public final class MixedTrafficApp {

    public static void main(String[] args) throws Exception {
        String url = args[0];
        long firstId = Long.parseLong(args[3]);
        int rounds = Integer.parseInt(args[4]);
        int threads = 16;
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(args[1]);
        config.setPassword(args[2]);
        config.setMaximumPoolSize(threads);
        AtomicInteger ok = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        try (HikariDataSource ds = new HikariDataSource(config)) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                long base = firstId + t * 100_000L;
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < rounds; i++) {
                        long id = base + i;
                        try {
                            round(ds, id);
                            ok.incrementAndGet();
                        } catch (SQLException e) {
                            if (failed.incrementAndGet() <= 5) {
                                System.out.println("ERROR " + e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage()
                                        + (e.getSuppressed().length > 0 ? " (suppressed: " + e.getSuppressed()[0] + ")" : ""));
                            }
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get();
            }
            pool.shutdown();
            pool.awaitTermination(1, TimeUnit.MINUTES);
            System.out.println("HIKARI_TOTAL_CONNECTIONS " + ds.getHikariPoolMXBean().getTotalConnections());
        }
        System.out.println("OK " + ok.get());
        System.out.println("FAILED " + failed.get());
        System.exit(failed.get() == 0 ? 0 : 1);
    }

    /** One request's worth of release-2 statements. */
    private static void round(HikariDataSource ds, long id) throws SQLException {
        try (Connection c = ds.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, "customer " + id);
                ps.setString(3, id + "@example.com");
                ps.executeUpdate();
            }
            // Misses two columns at once (email and phone): two heals, one retry each.
            try (PreparedStatement ps = c.prepareStatement("select c.email, c.phone from customers c where c.id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next() || !(id + "@example.com").equals(rs.getString(1))) {
                        throw new SQLException("row " + id + " missing or wrong");
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("update customers set phone = ? where id = ?")) {
                ps.setString(1, "+41 " + id);
                ps.setLong(2, id);
                if (ps.executeUpdate() != 1) {
                    throw new SQLException("update of " + id + " changed no row");
                }
            }
            try (PreparedStatement ps = c.prepareStatement("insert into orders (id, customer_id, amount) values (?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setLong(2, id);
                ps.setInt(3, 42);
                ps.executeUpdate();
            }
            try (var st = c.createStatement();
                 ResultSet rs = st.executeQuery("select count(*) from customers where segment = 'retail' and id = " + id)) {
                rs.next();
                if (rs.getInt(1) != 1) {
                    throw new SQLException("segment default missing for " + id);
                }
            }
        }
    }
}
