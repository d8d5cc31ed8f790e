package dev.schemahealer.sample;

import static dev.schemahealer.sample.EngineTestSupport.count;
import static dev.schemahealer.sample.EngineTestSupport.queryString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.sample.upgrades.AddCustomerPhone;
import dev.schemahealer.sample.upgrades.AddOrderStatus;
import dev.schemahealer.sample.upgrades.CreateCustomerEvents;
import dev.schemahealer.sample.upgrades.CreateOrderLines;
import dev.schemahealer.sample.upgrades.IndexOrdersByCustomer;
import dev.schemahealer.sample.upgrades.MakeLegacyCodeNullable;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.testkit.HealingDatabase;
import dev.schemahealer.testkit.HealingTest;
import dev.schemahealer.testkit.ReleaseSchemas;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * Release 2's upgrades and code against the schema production has (release 1), with the testkit,
 * on PostgreSQL and MySQL/MariaDB: the upgrades are sound, and release 2's own repositories heal.
 */
@ReleaseSchemas(previous = "db/release1-{dialect}.sql", current = "db/release2-{dialect}.sql")
class ReleaseTwoUpgradesTest {

    private static final String PHONE = "2026-11-01-01-customer-phone";
    private static final String LEGACY_CODE_NULLABLE = "2026-11-01-02-customer-legacy-code-nullable";
    private static final String ORDER_LINES = "2026-11-01-03-order-lines";
    private static final String ORDERS_INDEX = "2026-11-01-04-orders-by-customer-index";
    private static final String ORDER_STATUS = "2026-11-01-05-order-status";

    @Test
    void everyUpgradeIsRegisteredWithASortableUniqueId() {
        List<Class<?>> registered = new ArrayList<>();
        ServiceLoader.load(SchemaUpgrade.class).forEach(u -> registered.add(u.getClass()));
        assertEquals(List.of(AddCustomerPhone.class, MakeLegacyCodeNullable.class, CreateOrderLines.class,
                IndexOrdersByCustomer.class, AddOrderStatus.class, CreateCustomerEvents.class), registered);
        for (Class<?> type : registered) {
            String id = ServiceLoader.load(SchemaUpgrade.class).stream().filter(p -> p.type() == type)
                    .findFirst().orElseThrow().get().id();
            assertTrue(id.matches("\\d{4}-\\d{2}-\\d{2}-\\d{2}-[a-z-]+"), id);
        }
    }

    @HealingTest
    void upgradesTakeRelease1ToRelease2(HealingDatabase db) {
        db.assertUpgradesReproduceCurrentSchema();
    }

    @HealingTest
    void upgradesAreIdempotent(HealingDatabase db) {
        db.assertIdempotent();
    }

    @HealingTest
    void upgradesDeclareWhatTheyCreate(HealingDatabase db) {
        db.assertHealsDeclared();
    }

    @HealingTest
    void readingACustomerHealsThePhone(HealingDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("insert into customers (name, email, legacy_code) values ('Ada', 'ada@example.com', 'L-1')");
        }
        CustomerRepository customers = new CustomerRepository(new Database(db.dataSource()));
        db.assertHeals(() -> assertEquals("Ada", customers.find(1).orElseThrow().name()), PHONE);
    }

    /** The contract step: release 2's insert leaves legacy_code out; its NOT NULL error heals. */
    @HealingTest
    void creatingACustomerHealsTheContractStep(HealingDatabase db) throws SQLException {
        CustomerRepository customers = new CustomerRepository(new Database(db.dataSource()));
        db.assertHeals(() -> customers.create("Bob", "bob@example.com", "+41 1"), PHONE, LEGACY_CODE_NULLABLE);
        try (Connection c = db.connect()) {
            assertEquals(null, queryString(c, "select legacy_code from customers where name = 'Bob'"));
        }
    }

    /**
     * One transaction misses orders.status, then order_lines: each miss heals what it needs (the
     * index before them in id order rides along). The service has no retry (with the agent, the
     * database is healed ahead of its transactions); the testkit's in-process healing is lazy, so the
     * test places the order again itself after each healed miss, as a heal by rollback allows.
     */
    @HealingTest
    void placingAnOrderHealsInItsTransaction(HealingDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("insert into customers (name, email, legacy_code) values ('Ada', 'ada@example.com', 'L-1')");
        }
        OrderRepository orders = new OrderRepository(new Database(db.dataSource()));
        List<OrderRepository.Line> lines = List.of(new OrderRepository.Line("sku-1", 2, 150));
        db.assertHeals(() -> {
            for (int attempt = 1; ; attempt++) {
                try {
                    orders.place(1, lines);
                    return;
                } catch (SQLException lazyHealByRollback) {
                    if (attempt == 3) {
                        throw lazyHealByRollback;
                    }
                }
            }
        }, ORDER_LINES, ORDERS_INDEX, ORDER_STATUS);
        try (Connection c = db.connect()) {
            assertEquals(1, count(c, "orders"));
            assertEquals(1, count(c, "order_lines"));
        }
    }

    @HealingTest
    void release1RowsKeepTheirDataAndGetTheNewDefaults(HealingDatabase db) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("insert into customers (name, email, legacy_code) values ('Ada', 'ada@example.com', 'L-1')");
            st.execute("insert into orders (customer_id, total_cents) values (1, 1200)");
            String before = db.engine() == Engine.POSTGRESQL ? queryString(c, "select pg_relation_filenode('orders')") : null;

            assertEquals(6, db.applyUpgrades().size());

            assertEquals("L-1", queryString(c, "select legacy_code from customers"));
            assertEquals(null, queryString(c, "select phone from customers"));
            assertEquals("NEW", queryString(c, "select status from orders"));
            assertEquals(0, count(c, "order_lines"));
            assertEquals(0, count(c, "customer_events"));
            if (db.engine() == Engine.POSTGRESQL) {
                // Same file node: PostgreSQL kept the status default in the catalog instead of rewriting
                // the table. (On MySQL, ALGORITHM=INSTANT fails unless the engine adds it without a copy.)
                assertEquals(before, queryString(c, "select pg_relation_filenode('orders')"));
            }
        }
    }
}
