package dev.schemahealer.bench;

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

/**
 * Heal ahead once nothing is pending: a short transaction ({@code setAutoCommit(false)}, a warm
 * prepared select, {@code commit()}, {@code setAutoCommit(true)}) and an autocommit batch of one
 * update. With {@code -javaagent:...=upgrades=bench/target/bench-upgrades}, the first transaction in
 * {@link #setUp} heals the database ahead (its two upgrades); afterwards every transaction begin
 * and every batch costs the agent one volatile read. Compare forks with and without the agent,
 * and with an always failing upgrade besides ({@code :bench/target/broken-upgrades}): then
 * something stays pending, backing off, as after a broken release.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class TransactionHappyPathBenchmark {

    @Param({"POSTGRESQL", "MYSQL"})
    public Engine engine;

    private TestDatabase db;
    private Connection connection;
    private PreparedStatement select;
    private PreparedStatement update;
    private long id;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        System.err.println("[bench] agent " + (Agent.active() ? "ACTIVE" : "not loaded") + " in this fork");
        db = TestDatabase.create(engine);
        connection = db.connect();
        long start = System.nanoTime();
        Customers.create(connection); // its transaction is the first: with the agent, healed ahead here
        System.err.println("[bench] release-1 table and first transaction: " + (System.nanoTime() - start) / 1_000_000 + " ms");
        select = connection.prepareStatement(Customers.SELECT_BY_ID);
        update = connection.prepareStatement("update customers set name = ? where id = ?");
    }

    @Benchmark
    public String transaction() throws SQLException {
        connection.setAutoCommit(false);
        id = Customers.idAfter(id);
        String name = Customers.read(select, id);
        connection.commit();
        connection.setAutoCommit(true);
        return name;
    }

    /**
     * A transaction's begin and end with no statement in it: pgjdbc keeps both local (its BEGIN
     * goes with the first statement), so this is the driver's bookkeeping plus the agent's two
     * hooks, nanoseconds, not a round trip. Connector/J sends {@code SET autocommit} each time.
     */
    @Benchmark
    public void beginAndEnd() throws SQLException {
        connection.setAutoCommit(false);
        connection.setAutoCommit(true);
    }

    @Benchmark
    public int[] autocommitBatch() throws SQLException {
        id = Customers.idAfter(id);
        update.setString(1, "customer " + id);
        update.setLong(2, id);
        update.addBatch();
        return update.executeBatch();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            select.close();
            update.close();
            connection.close();
        } finally {
            db.close();
        }
    }
}
