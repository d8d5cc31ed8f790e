package dev.schemahealer.testkit;

import dev.schemahealer.agent.AgentOptions;
import dev.schemahealer.agent.Ledger;
import dev.schemahealer.agent.UpgradeRunner;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.junit.jupiter.api.function.Executable;
import org.opentest4j.AssertionFailedError;

/**
 * A fresh database on the previous release's schema, given to a {@link HealingTest}: the
 * connections of {@link #dataSource()} heal as they would in production with the agent, and the
 * assertions check the upgrades against the previous and the current schema.
 *
 * <p>The assertions about the upgrades themselves ({@link #assertIdempotent()},
 * {@link #assertUpgradesReproduceCurrentSchema()}, {@link #assertHealsDeclared()}) work on
 * scratch databases of their own, so this database stays on the previous schema until the code
 * under test heals it.
 */
public final class HealingDatabase {

    private final Engine engine;
    private final LazyDatabase database;
    private final List<SchemaUpgrade> upgrades;
    private final Healing healing;
    private final DataSource dataSource;

    HealingDatabase(Engine engine, LazyDatabase database, List<SchemaUpgrade> upgrades, Healing healing) {
        this.engine = engine;
        this.database = database;
        this.upgrades = List.copyOf(upgrades);
        this.healing = healing;
        this.dataSource = new HealingDataSource(database, healing);
    }

    public Engine engine() {
        return engine;
    }

    /** The JDBC URL, for code that opens its own connections (they heal only with the agent). */
    public String url() {
        return database.get().url();
    }

    /** Healing connections to this database, for the code under test or its pool. */
    public DataSource dataSource() {
        return dataSource;
    }

    /** A healing connection; the caller closes it. */
    public Connection connect() throws SQLException {
        return dataSource.getConnection();
    }

    /** The upgrades the assertions check, in id order: those registered, unless {@link #withUpgrades} says otherwise. */
    public List<SchemaUpgrade> upgrades() {
        return upgrades;
    }

    /**
     * The same database, with the assertions about upgrades checking {@code these} instead of the
     * registered ones. (What heals the code under test stays what is registered, as in production.)
     */
    public HealingDatabase withUpgrades(SchemaUpgrade... these) {
        List<SchemaUpgrade> sorted = new ArrayList<>(Arrays.asList(these));
        sorted.sort((a, b) -> a.id().compareTo(b.id()));
        return new HealingDatabase(engine, database, sorted, healing);
    }

    /**
     * The ids in this database's ledger: the upgrades applied to it so far. The ledger's name comes
     * from {@code schemahealer.ledger.table} / {@code SCHEMAHEALER_LEDGER_TABLE} (an agent argument
     * is not visible here).
     */
    public Set<String> appliedUpgrades() throws SQLException {
        Ledger ledger = ledger();
        try (Connection c = database.get().connect()) {
            Dialect dialect = Dialect.of(c);
            return ledger.exists(c, dialect) ? new TreeSet<>(ledger.read(c, dialect).keySet()) : new TreeSet<>();
        }
    }

    /**
     * Applies every pending upgrade now, in id order, as the {@code apply} command does ahead of
     * traffic (same lock, same ledger): for tests about data that release 1 wrote. Returns the ids applied.
     */
    public List<String> applyUpgrades() throws SQLException {
        AgentOptions options = options();
        UpgradeRunner runner = new UpgradeRunner(new Ledger(options.ledgerTable()), options.lockWait(),
                options.ddlLockTimeout(), "schemahealer-testkit");
        try (Connection c = database.get().connect()) {
            UpgradeRunner.Result result = runner.apply(c, Dialect.of(c), upgrades, "testkit applyUpgrades()");
            if (result.failed() != null) {
                throw new AssertionFailedError("upgrade " + result.failed().id() + " failed: "
                        + Messages.describe(result.failure()), result.failure());
            }
            return result.applied().stream().map(Ledger.Entry::upgradeId).toList();
        }
    }

    /** Runs {@code sql} on a healing connection in autocommit and asserts as {@link #assertHeals(Executable, String...)}. */
    public void assertHeals(String sql, String... upgradeIds) {
        assertHeals(() -> {
            try (Connection c = connect(); var st = c.createStatement()) {
                st.execute(sql);
            }
        }, upgradeIds);
    }

    /**
     * Runs {@code code} and asserts that it succeeds and that exactly the named upgrades were
     * applied while it ran, each once (one new ledger row each). Inside a transaction the first
     * attempt gets the original error by design: let {@code code} retry as the application does.
     */
    public void assertHeals(Executable code, String... upgradeIds) {
        Set<String> expected = new TreeSet<>(Arrays.asList(upgradeIds));
        Set<String> before = ledgerOrFail();
        Throwable failure = null;
        try {
            code.execute();
        } catch (AssertionError e) {
            throw e; // the code's own assertion: its message says more than ours would
        } catch (Throwable t) {
            failure = t;
        }
        Set<String> applied = new TreeSet<>(ledgerOrFail());
        applied.removeAll(before);
        if (failure != null) {
            throw new AssertionFailedError(Messages.didNotHeal(failure, applied, expected, upgrades), failure);
        }
        if (!applied.equals(expected)) {
            Set<String> already = new LinkedHashSet<>(expected);
            already.retainAll(before);
            throw new AssertionFailedError(Messages.wrongUpgrades(applied, expected, already),
                    String.join("\n", expected), String.join("\n", applied));
        }
    }

    /**
     * Each upgrade, applied a second time after all were applied to the previous schema, fails
     * nothing and changes nothing in the catalog (not even an object's identity: a dropped and
     * recreated index is a change). An upgrade runs twice after a crash between its change and its
     * ledger row, and when two tools race.
     */
    public void assertIdempotent() {
        UpgradeChecks.idempotent(this);
    }

    /**
     * The previous schema plus every upgrade gives the same catalog (tables; columns with their
     * types, nullability and defaults; indexes; constraints; functions) as a fresh install of the
     * current schema; a difference is shown as a diff. And on a fresh install of the current
     * schema every upgrade changes nothing (as when {@code apply} runs there).
     */
    public void assertUpgradesReproduceCurrentSchema() {
        UpgradeChecks.reproducesCurrentSchema(this);
    }

    /**
     * Every upgrade creates what its {@code heals()} declares (applied in id order to the previous
     * schema) and creates no table, column or index it does not declare; catch-alls are exempt
     * from the second part. An undeclared object would not trigger its upgrade in production.
     * And each upgrade, applied alone to the previous schema with only what it requires
     * ({@code requires()}, and what the engine infers from {@code heals()}) applied before it, as a
     * heal applies it, succeeds and creates what it declares.
     */
    public void assertHealsDeclared() {
        DeclaredHeals.check(this);
    }

    Schemas schemas() {
        return database.schemas();
    }

    private Set<String> ledgerOrFail() {
        try {
            return appliedUpgrades();
        } catch (SQLException e) {
            throw new AssertionFailedError("cannot read the ledger of " + database + ": " + e, e);
        }
    }

    private static Ledger ledger() {
        return new Ledger(options().ledgerTable());
    }

    /** The agent's options from {@code schemahealer.*} system properties and {@code SCHEMAHEALER_*} variables. */
    private static AgentOptions options() {
        return AgentOptions.parse(null, System.getProperties(), System.getenv());
    }

    @Override
    public String toString() {
        return database + ", healing " + healing;
    }
}
