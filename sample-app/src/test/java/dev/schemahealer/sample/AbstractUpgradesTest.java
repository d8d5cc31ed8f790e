package dev.schemahealer.sample;

import static dev.schemahealer.sample.EngineTestSupport.applyAll;
import static dev.schemahealer.sample.EngineTestSupport.count;
import static dev.schemahealer.sample.EngineTestSupport.queryString;
import static dev.schemahealer.sample.EngineTestSupport.registeredUpgrades;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.sample.upgrades.AddCustomerPhone;
import dev.schemahealer.sample.upgrades.AddOrderStatus;
import dev.schemahealer.sample.upgrades.CreateCustomerEvents;
import dev.schemahealer.sample.upgrades.CreateOrderLines;
import dev.schemahealer.sample.upgrades.IndexOrdersByCustomer;
import dev.schemahealer.sample.upgrades.MakeLegacyCodeNullable;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.JdbcUpgradeContext;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The release-2 upgrades against a real engine, without the agent: they turn release 1 into release 2. */
abstract class AbstractUpgradesTest {

    private final Engine engine;

    AbstractUpgradesTest(Engine engine) {
        this.engine = engine;
    }

    @Test
    void everyUpgradeIsRegisteredWithASortableUniqueId() {
        List<SchemaUpgrade> upgrades = registeredUpgrades();
        assertEquals(List.of(AddCustomerPhone.class, MakeLegacyCodeNullable.class, CreateOrderLines.class,
                        IndexOrdersByCustomer.class, AddOrderStatus.class, CreateCustomerEvents.class),
                upgrades.stream().map(Object::getClass).toList());
        assertEquals(upgrades.size(), upgrades.stream().map(SchemaUpgrade::id).distinct().count());
        for (SchemaUpgrade u : upgrades) {
            assertTrue(u.id().matches("\\d{4}-\\d{2}-\\d{2}-\\d{2}-[a-z-]+"), u.id());
        }
        assertEquals(Set.of(SchemaObject.nullable("customers", "legacy_code")), new MakeLegacyCodeNullable().heals());
        assertEquals(Set.of(SchemaObject.index("orders", "orders_customer_created_idx")),
                new IndexOrdersByCustomer().heals(), "an index is declared, so the upgrade is no catch-all");
    }

    @Test
    void release1PlusEveryUpgradeIsTheFreshRelease2Schema() throws SQLException {
        try (TestDatabase healed = TestDatabase.create(engine); TestDatabase fresh = TestDatabase.create(engine);
                Connection h = healed.connect(); Connection f = fresh.connect()) {
            SchemaScript.RELEASE_1.run(h, Dialect.of(h));
            applyAll(h);
            SchemaScript.RELEASE_2.run(f, Dialect.of(f));

            SchemaSnapshot expected = SchemaSnapshot.of(f, Dialect.of(f));
            SchemaSnapshot actual = SchemaSnapshot.of(h, Dialect.of(h));
            assertEquals(List.of(), expected.differences(actual),
                    "release 1 + upgrades differs from release 2 (- only in release 2, + only in the healed schema)");
            assertTrue(expected.lines().size() > 20, expected.lines().toString());
        }
    }

    @Test
    void upgradesAreIdempotent() throws SQLException {
        try (TestDatabase db = TestDatabase.create(engine); Connection c = db.connect()) {
            SchemaScript.RELEASE_1.run(c, Dialect.of(c));
            applyAll(c);
            SchemaSnapshot once = SchemaSnapshot.of(c, Dialect.of(c));
            applyAll(c); // as after a crash between the change and its ledger row
            assertEquals(List.of(), once.differences(SchemaSnapshot.of(c, Dialect.of(c))));
        }
    }

    @Test
    void upgradesApplyToAFreshRelease2InstallAsNoOps() throws SQLException {
        try (TestDatabase db = TestDatabase.create(engine); Connection c = db.connect()) {
            SchemaScript.RELEASE_2.run(c, Dialect.of(c));
            SchemaSnapshot fresh = SchemaSnapshot.of(c, Dialect.of(c));
            applyAll(c);
            assertEquals(List.of(), fresh.differences(SchemaSnapshot.of(c, Dialect.of(c))));
        }
    }

    @Test
    void release1RowsKeepTheirDataAndGetTheNewDefaults() throws SQLException {
        try (TestDatabase db = TestDatabase.create(engine); Connection c = db.connect(); Statement st = c.createStatement()) {
            SchemaScript.RELEASE_1.run(c, Dialect.of(c));
            st.execute("insert into customers (name, email, legacy_code) values ('Ada', 'ada@example.com', 'L-1')");
            st.execute("insert into orders (customer_id, total_cents) values (1, 1200)");
            applyAll(c);
            assertEquals("L-1", queryString(c, "select legacy_code from customers"));
            assertEquals(null, queryString(c, "select phone from customers"));
            assertEquals("NEW", queryString(c, "select status from orders"));
            assertEquals(0, count(c, "order_lines"));
            assertEquals(0, count(c, "customer_events"));
        }
    }

    /**
     * The contract step: release 2's insert leaves legacy_code out. On release 1 the engine refuses
     * it with the code the agent treats as a miss when an upgrade declares the column nullable.
     */
    @Test
    void release2CustomerInsertFailsOnRelease1UntilLegacyCodeIsNullable() throws SQLException {
        try (TestDatabase db = TestDatabase.create(engine); Connection c = db.connect(); Statement st = c.createStatement()) {
            Dialect dialect = Dialect.of(c);
            SchemaScript.RELEASE_1.run(c, dialect);
            String insert = "insert into customers (name, email) values ('Bob', 'bob@example.com')";

            SQLException refused = assertThrows(SQLException.class, () -> st.execute(insert));
            if (dialect == Dialect.POSTGRESQL) {
                assertEquals("23502", refused.getSQLState(), refused.toString());
            } else {
                assertEquals(1364, refused.getErrorCode(), refused.toString()); // Field 'legacy_code' doesn't have a default value
            }

            MakeLegacyCodeNullable upgrade = new MakeLegacyCodeNullable();
            try (JdbcUpgradeContext ctx = JdbcUpgradeContext.open(c, dialect, Duration.ofSeconds(5), upgrade.id())) {
                upgrade.apply(ctx);
            }
            st.execute(insert);
            assertEquals(null, queryString(c, "select legacy_code from customers where name = 'Bob'"));
            String type = dialect == Dialect.POSTGRESQL
                    ? "select data_type || '(' || character_maximum_length || ')' from information_schema.columns"
                            + " where table_schema = current_schema() and table_name = 'customers' and column_name = 'legacy_code'"
                    : "select column_type from information_schema.columns"
                            + " where table_schema = database() and table_name = 'customers' and column_name = 'legacy_code'";
            String expected = dialect == Dialect.POSTGRESQL ? "character varying(20)" : "varchar(20)";
            assertEquals(expected, queryString(c, type), "the type is kept; only NOT NULL goes");
        }
    }

    @Test
    void theStatusColumnIsAddedWithoutRewritingOrLockingTheTable() throws SQLException {
        try (TestDatabase db = TestDatabase.create(engine); Connection c = db.connect(); Statement st = c.createStatement()) {
            Dialect dialect = Dialect.of(c);
            SchemaScript.RELEASE_1.run(c, dialect);
            st.execute("insert into orders (customer_id, total_cents) values (1, 100), (2, 200)");
            if (dialect == Dialect.POSTGRESQL) {
                String before = queryString(c, "select pg_relation_filenode('orders')");
                applyStatus(c, dialect);
                // Same file node: PostgreSQL kept the default in the catalog instead of rewriting the table.
                assertEquals(before, queryString(c, "select pg_relation_filenode('orders')"));
            } else {
                // ALGORITHM=INSTANT fails unless the engine can add the column without a copy; here it must succeed.
                applyStatus(c, dialect);
            }
            assertEquals("2", queryString(c, "select count(*) from orders where status = 'NEW'"));
        }
    }

    private static void applyStatus(Connection c, Dialect dialect) throws SQLException {
        AddOrderStatus upgrade = new AddOrderStatus();
        try (JdbcUpgradeContext ctx = JdbcUpgradeContext.open(c, dialect, Duration.ofSeconds(5), upgrade.id())) {
            upgrade.apply(ctx);
        }
    }
}
