package dev.schemahealer.bench;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
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
 * The happy path: a warm {@code PreparedStatement} {@code select id, name from customers where id = ?}
 * in autocommit, executed and its row read by label. Run it in forks without and with
 * {@code -javaagent} ({@link RatioRunner} {@code happy} does both and prints the ratio): with the
 * agent, the driver's {@code executeQuery} and {@code findColumn} carry the exit advice.
 *
 * <p>Besides the latency, each iteration reports the CPU time the benchmark thread spent per
 * statement ({@link ClientCpu}): that is where the agent's advice runs, and unlike the latency of a
 * loopback round trip it hardly depends on how the machine schedules the database server.
 *
 * <p>{@code MYSQL} is the MySQL-family server of the test engines, spoken to with Connector/J (on the
 * reference machine MariaDB 10.11); Connector/J's default client-side prepared statements.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class StatementHappyPathBenchmark {

    @Param({"POSTGRESQL", "MYSQL"})
    public Engine engine;

    private TestDatabase db;
    private Connection connection;
    private PreparedStatement select;
    private long id;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        System.err.println("[bench] agent " + (Agent.active() ? "ACTIVE" : "not loaded") + " in this fork");
        db = TestDatabase.create(engine);
        connection = db.connect();
        Customers.create(connection);
        select = connection.prepareStatement(Customers.SELECT_BY_ID);
    }

    @Benchmark
    public String selectById(ClientCpu cpu) throws SQLException {
        id = Customers.idAfter(id);
        String name = Customers.read(select, id);
        cpu.tick();
        return name;
    }

    /**
     * The benchmark thread's CPU time (user + system) per statement, as two counters per iteration:
     * {@code cpuNanos} over the first {@code cpuOps} statements of the iteration (read every 64
     * statements, so the reading costs nothing measurable).
     */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.EVENTS)
    public static class ClientCpu {
        private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

        public long cpuNanos;
        public long cpuOps;
        private long start;
        private long ops;

        @Setup(Level.Iteration)
        public void start() {
            cpuNanos = 0;
            cpuOps = 0;
            ops = 0;
            start = THREADS.getCurrentThreadCpuTime();
        }

        void tick() {
            if ((++ops & 63) == 0) {
                cpuNanos = THREADS.getCurrentThreadCpuTime() - start;
                cpuOps = ops;
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws SQLException {
        try {
            select.close();
            connection.close();
        } finally {
            db.close();
        }
    }
}
