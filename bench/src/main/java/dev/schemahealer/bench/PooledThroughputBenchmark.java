package dev.schemahealer.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * Throughput as an application sees it: 4 threads share a HikariCP pool of 4 connections; each
 * operation borrows a connection, prepares {@code select id, name from customers where id = ?},
 * runs it for the next id, reads the row by label and returns the connection. Run in forks without
 * and with {@code -javaagent} ({@link RatioRunner} {@code throughput}): with the agent the driver's
 * connect, prepare, execute, findColumn and the pool's commit/rollback/close reach woven methods.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Threads(4)
public class PooledThroughputBenchmark {

    @Param({"POSTGRESQL", "MYSQL"})
    public Engine engine;

    private TestDatabase db;
    private HikariDataSource pool;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        System.err.println("[bench] agent " + (Agent.active() ? "ACTIVE" : "not loaded") + " in this fork");
        db = TestDatabase.create(engine);
        try (Connection c = db.connect()) {
            Customers.create(c);
        }
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        config.setMinimumIdle(4);
        pool = new HikariDataSource(config);
    }

    /** Per thread: the id it reads next. */
    @State(Scope.Thread)
    public static class Ids {
        long id = Thread.currentThread().getId() * 97;
    }

    @Benchmark
    public String selectById(Ids ids) throws SQLException {
        ids.id = Customers.idAfter(ids.id);
        try (Connection c = pool.getConnection();
             PreparedStatement ps = c.prepareStatement(Customers.SELECT_BY_ID)) {
            return Customers.read(ps, ids.id);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        pool.close();
        db.close();
    }
}
