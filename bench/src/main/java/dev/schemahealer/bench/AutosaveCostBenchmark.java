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
import org.openjdk.jmh.infra.Blackhole;

/**
 * PostgreSQL only, no agent: what pgjdbc's {@code autosave} costs on the happy path. A transaction of
 * {@code selects} warm server-prepared selects, then commit, with {@code autosave=never} (pgjdbc's
 * default), {@code conservative} (what the agent switches live connections to after a heal: a
 * {@code SAVEPOINT} before each statement that returns rows, so a stale plan can be retried), the
 * same with {@code cleanupSavepoints=true} (which the README recommends for long transactions) and
 * {@code always}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AutosaveCostBenchmark {

    /** pgjdbc's autosave; {@code +cleanup} adds {@code cleanupSavepoints=true} (a RELEASE after each statement). */
    @Param({"never", "conservative", "conservative+cleanup", "always"})
    public String autosave;

    /** Selects per transaction. */
    @Param({"1", "10"})
    public int selects;

    private TestDatabase db;
    private Connection connection;
    private PreparedStatement select;
    private long id;

    @Setup(Level.Trial)
    public void setUp() throws SQLException {
        db = TestDatabase.create(Engine.POSTGRESQL);
        try (Connection c = db.connect()) {
            Customers.create(c);
        }
        String mode = autosave.replace("+cleanup", "");
        String url = db.url() + (db.url().indexOf('?') < 0 ? "?" : "&") + "autosave=" + mode
                + (autosave.endsWith("+cleanup") ? "&cleanupSavepoints=true" : "");
        connection = new org.postgresql.Driver().connect(url, db.properties());
        String actual = connection.unwrap(org.postgresql.PGConnection.class).getAutosave().name();
        if (!actual.equalsIgnoreCase(mode)) {
            throw new IllegalStateException("asked for autosave=" + mode + ", the connection has " + actual);
        }
        connection.setAutoCommit(false);
        select = connection.prepareStatement(Customers.SELECT_BY_ID);
    }

    @Benchmark
    public void transaction(Blackhole bh) throws SQLException {
        for (int i = 0; i < selects; i++) {
            id = Customers.idAfter(id);
            bh.consume(Customers.read(select, id));
        }
        connection.commit();
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
