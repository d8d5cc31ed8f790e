package dev.schemahealer.it;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.PrintWriter;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Release-2 code in transactions and batches, one scenario per mode. Prints {@code KEY value}
 * lines the test reads. Args: mode url user password
 */
public final class TransactionsApp {

    public static void main(String[] args) throws Exception {
        String mode = args[0];
        String url = args[1];
        String user = args[2];
        String password = args[3];
        switch (mode) {
            case "retry" -> retry(url, user, password);
            case "batch" -> batch(url, user, password);
            case "warm" -> warm(url, user, password);
            case "locked" -> locked(url, user, password);
            case "lookup" -> lookup(url, user, password);
            case "autosave" -> autosave(url, user, password);
            case "stream" -> stream(url, user, password);
            default -> throw new IllegalArgumentException(mode);
        }
    }

    static HikariDataSource pool(String url, String user, String password, int size) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(size);
        return new HikariDataSource(config);
    }

    /** 16 threads of transactions: old table, then a missing one; on failure roll back and retry once. */
    static void retry(String url, String user, String password) throws Exception {
        AtomicInteger committed = new AtomicInteger();
        AtomicInteger firstAttemptErrors = new AtomicInteger();
        AtomicInteger failedOnRetry = new AtomicInteger();
        try (HikariDataSource ds = pool(url, user, password, 16)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 16; t++) {
                long base = 1_000_000L + t * 10_000L;
                threads.add(new Thread(() -> {
                    for (int i = 0; i < 10; i++) {
                        long id = base + i;
                        for (int attempt = 1; attempt <= 2; attempt++) {
                            try (Connection c = ds.getConnection()) {
                                c.setAutoCommit(false);
                                try {
                                    try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name) values (?, ?)")) {
                                        ps.setLong(1, id);
                                        ps.setString(2, "tx " + id);
                                        ps.executeUpdate();
                                    }
                                    try (PreparedStatement ps = c.prepareStatement(
                                            "insert into orders (id, customer_id, amount) values (?, ?, ?)")) {
                                        ps.setLong(1, id);
                                        ps.setLong(2, id);
                                        ps.setInt(3, 7);
                                        ps.executeUpdate();
                                    }
                                    c.commit();
                                    committed.incrementAndGet();
                                    break;
                                } catch (SQLException e) {
                                    c.rollback();
                                    if (attempt == 1) {
                                        firstAttemptErrors.incrementAndGet();
                                    } else {
                                        failedOnRetry.incrementAndGet();
                                        System.out.println("RETRY_ERROR " + e.getSQLState() + " " + e.getMessage());
                                    }
                                }
                            } catch (SQLException e) {
                                failedOnRetry.incrementAndGet();
                                System.out.println("CONNECTION_ERROR " + e);
                            }
                        }
                    }
                }));
            }
            threads.forEach(Thread::start);
            for (Thread t : threads) {
                t.join();
            }
        }
        System.out.println("COMMITTED " + committed.get());
        System.out.println("FIRST_ATTEMPT_ERRORS " + firstAttemptErrors.get());
        System.out.println("FAILED_ON_RETRY " + failedOnRetry.get());
    }

    /**
     * Statement and prepared batches whose middle statement misses a column, in autocommit, retried
     * once by the application. Prints what the update counts reported as written.
     */
    static void batch(String url, String user, String password) throws Exception {
        long reported = 0;
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                try (Statement st = c.createStatement()) {
                    st.addBatch("insert into events (id, note) values (1, 'a')");
                    st.addBatch("insert into events (id, note, source) values (2, 'b', 'web')");
                    st.addBatch("insert into events (id, note) values (3, 'c')");
                    reported += written(st.executeBatch());
                    System.out.println("STATEMENT_BATCH_OK attempt " + attempt);
                    break;
                } catch (BatchUpdateException e) {
                    reported += written(e.getUpdateCounts());
                    System.out.println("STATEMENT_BATCH_ERROR " + e.getSQLState() + " " + java.util.Arrays.toString(e.getUpdateCounts()));
                }
            }
            for (int attempt = 1; attempt <= 2; attempt++) {
                try (PreparedStatement ps = c.prepareStatement("insert into events (id, note, source) values (?, ?, ?)")) {
                    for (int i = 10; i < 13; i++) {
                        ps.setLong(1, i);
                        ps.setString(2, "p" + i);
                        ps.setString(3, "api");
                        ps.addBatch();
                    }
                    reported += written(ps.executeLargeBatch());
                    System.out.println("PREPARED_BATCH_OK attempt " + attempt);
                    break;
                } catch (BatchUpdateException e) {
                    reported += written(e.getUpdateCounts());
                    System.out.println("PREPARED_BATCH_ERROR " + e.getSQLState());
                }
            }
        }
        System.out.println("REPORTED " + reported);
    }

    private static long written(int[] counts) {
        long n = 0;
        for (int c : counts) {
            n += c > 0 ? c : c == Statement.SUCCESS_NO_INFO ? 1 : 0;
        }
        return n;
    }

    private static long written(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c > 0 ? c : c == Statement.SUCCESS_NO_INFO ? 1 : 0;
        }
        return n;
    }

    /** Counts the physical connections the pool opens. */
    static final class CountingDataSource implements DataSource {
        final AtomicInteger opened = new AtomicInteger();
        final String url;
        final String user;
        final String password;

        CountingDataSource(String url, String user, String password) {
            this.url = url;
            this.user = user;
            this.password = password;
        }

        @Override
        public Connection getConnection() throws SQLException {
            opened.incrementAndGet();
            return DriverManager.getConnection(url, user, password);
        }

        @Override
        public Connection getConnection(String u, String p) throws SQLException {
            return getConnection();
        }

        @Override
        public PrintWriter getLogWriter() {
            return null;
        }

        @Override
        public void setLogWriter(PrintWriter out) {
        }

        @Override
        public void setLoginTimeout(int seconds) {
        }

        @Override
        public int getLoginTimeout() {
            return 0;
        }

        @Override
        public Logger getParentLogger() {
            return Logger.getGlobal();
        }

        @Override
        public <T> T unwrap(Class<T> iface) throws SQLException {
            throw new SQLException("not a wrapper");
        }

        @Override
        public boolean isWrapperFor(Class<?> iface) {
            return false;
        }
    }

    /**
     * 8 pooled connections run warm SELECT * statements, in transactions and in autocommit, while
     * another thread's heal adds a column to that table.
     */
    static void warm(String url, String user, String password) throws Exception {
        CountingDataSource counting = new CountingDataSource(url, user, password);
        HikariConfig config = new HikariConfig();
        config.setDataSource(counting);
        config.setMaximumPoolSize(8);
        config.setMinimumIdle(8);
        AtomicInteger errors = new AtomicInteger();
        AtomicLong queries = new AtomicLong();
        AtomicBoolean stop = new AtomicBoolean();
        try (HikariDataSource ds = new HikariDataSource(config)) {
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                boolean inTransaction = t % 2 == 0;
                threads.add(new Thread(() -> {
                    try (Connection c = ds.getConnection();
                         PreparedStatement ps = c.prepareStatement("select * from customers where id = ?")) {
                        while (!stop.get()) {
                            c.setAutoCommit(!inTransaction);
                            try {
                                for (int i = 0; i < 3; i++) {
                                    ps.setLong(1, 1);
                                    try (ResultSet rs = ps.executeQuery()) {
                                        rs.next();
                                    }
                                    queries.incrementAndGet();
                                }
                                if (inTransaction) {
                                    c.commit();
                                }
                            } catch (SQLException e) {
                                if (errors.incrementAndGet() <= 3) {
                                    System.out.println("WARM_ERROR " + e.getSQLState() + " " + e.getMessage());
                                }
                                if (inTransaction) {
                                    c.rollback();
                                }
                            }
                        }
                    } catch (SQLException e) {
                        errors.incrementAndGet();
                        System.out.println("WARM_ERROR " + e);
                    }
                }));
            }
            threads.forEach(Thread::start);
            Thread.sleep(1500); // past pgjdbc's prepare threshold: every statement is server-prepared
            try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement()) {
                st.executeQuery("select phone from customers where id = 1").close(); // heals: adds customers.phone
            }
            Thread.sleep(1500);
            stop.set(true);
            for (Thread t : threads) {
                t.join();
            }
        }
        System.out.println("QUERIES " + queries.get());
        System.out.println("ERRORS " + errors.get());
        System.out.println("CONNECTIONS_OPENED " + counting.opened.get());
    }

    /**
     * A transaction that holds a lock on the table it then misses a column of: the error surfaces
     * at once, and the heal is done when rollback() returns.
     */
    static void locked(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("insert into customers (id, name) values (77, 'locker')");
                long start = System.nanoTime();
                try {
                    st.executeUpdate("update customers set phone = '+1' where id = 77");
                    System.out.println("NO_ERROR");
                } catch (SQLException e) {
                    System.out.println("ERROR_MS " + (System.nanoTime() - start) / 1_000_000);
                    System.out.println("ERROR " + e.getSQLState() + " " + e.getErrorCode());
                }
            }
            long start = System.nanoTime();
            c.rollback();
            System.out.println("ROLLBACK_MS " + (System.nanoTime() - start) / 1_000_000);
            try (Connection other = DriverManager.getConnection(url, user, password); Statement st = other.createStatement()) {
                st.executeQuery("select phone from customers where id = 1").close();
                System.out.println("HEALED_BY_ROLLBACK true");
            } catch (SQLException e) {
                System.out.println("HEALED_BY_ROLLBACK false " + e.getMessage());
            }
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                st.executeUpdate("insert into customers (id, name, phone) values (77, 'locker', '+1')");
                System.out.println("RETRY_OK");
            }
        }
    }

    /**
     * A prepared insert whose parameter is a stream misses a column: the driver has read the
     * stream, so the agent heals but must not run it again; the application's own retry binds a
     * fresh one.
     */
    static void stream(String url, String user, String password) throws Exception {
        String email = "streamed@example.com";
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
                    ps.setLong(1, 50);
                    ps.setString(2, "stream");
                    ps.setCharacterStream(3, new java.io.StringReader(email), email.length());
                    ps.executeUpdate();
                    System.out.println("STREAM_OK " + attempt);
                    break;
                } catch (SQLException e) {
                    System.out.println("STREAM_ERROR " + attempt + " " + e.getSQLState());
                }
            }
            try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select email from customers where id = 50")) {
                rs.next();
                System.out.println("STREAM_EMAIL " + rs.getString(1));
            }
        }
    }

    /** rs.getString on a column SELECT * did not return: the heal runs, the next statement sees it. */
    static void lookup(String url, String user, String password) throws Exception {
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            for (int attempt = 1; attempt <= 2; attempt++) {
                try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select * from customers where id = 1")) {
                    rs.next();
                    System.out.println("LOOKUP_OK " + attempt + " " + rs.getString("email"));
                } catch (SQLException e) {
                    System.out.println("LOOKUP_ERROR " + attempt + " " + e.getSQLState());
                }
            }
        }
    }

    /**
     * PostgreSQL with autosave=always: a miss in a transaction that holds no lock on any table heals
     * transparently; a miss after it has written (it holds locks a DDL may need: the table, or one
     * a new foreign key references) surfaces once and heals when the transaction ends.
     */
    static void autosave(String url, String user, String password) throws Exception {
        String sep = url.contains("?") ? "&" : "?";
        try (Connection c = DriverManager.getConnection(url + sep + "autosave=always", user, password)) {
            try (Statement st = c.createStatement()) {
                // In autocommit: heals the upgrades that precede orders (customers.email, .phone).
                st.executeQuery("select email, phone from customers where id = 1").close();
            }
            c.setAutoCommit(false);
            try (Statement st = c.createStatement()) {
                // The miss comes first: the transaction holds no lock on any table yet.
                st.executeUpdate("insert into orders (id, customer_id, amount) values (90, 90, 1)");
                st.executeUpdate("insert into customers (id, name) values (90, 'autosave')");
                c.commit();
                System.out.println("TRANSPARENT_OK");
            } catch (SQLException e) {
                c.rollback();
                System.out.println("TRANSPARENT_ERROR " + e.getSQLState() + " " + e.getMessage());
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("insert into customers (id, name) values (91, 'autosave')");
                st.executeUpdate("update customers set segment = 'vip' where id = 91");
                c.commit();
                System.out.println("LOCKED_NO_ERROR");
            } catch (SQLException e) {
                c.rollback();
                System.out.println("LOCKED_ERROR " + e.getSQLState());
            }
            try (Statement st = c.createStatement()) {
                st.executeUpdate("insert into customers (id, name, segment) values (91, 'autosave', 'vip')");
                c.commit();
                System.out.println("LOCKED_RETRY_OK");
            }
        }
    }
}
