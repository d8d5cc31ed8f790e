package dev.schemahealer.sample.demo;

import dev.schemahealer.sample.SchemaScript;
import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;

/** Puts the demo database where production is before release 2 ships: the release-1 schema, with data. */
final class Seeder {

    static final int CUSTOMERS = 2_000;
    static final int ORDERS = 20_000;
    private static final int ROWS_PER_STATEMENT = 500;

    private Seeder() {
    }

    static void seed(DemoDatabase db) throws SQLException {
        try (Connection c = db.connect()) {
            SchemaScript.RELEASE_1.run(c, db.dialect());
            c.setAutoCommit(false);
            // Ids are given explicitly (1..N) so the traffic knows which exist; the identity and
            // auto-increment counters are moved past them below.
            insertRows(c, "customers (id, name, email, legacy_code)", 4, CUSTOMERS, (ps, at, i) -> {
                ps.setLong(at, i);
                ps.setString(at + 1, "Customer " + i);
                ps.setString(at + 2, "customer" + i + "@example.com");
                ps.setString(at + 3, String.format("L-%06d", i));
            });
            ThreadLocalRandom random = ThreadLocalRandom.current();
            insertRows(c, "orders (id, customer_id, total_cents)", 3, ORDERS, (ps, at, i) -> {
                ps.setLong(at, i);
                ps.setLong(at + 1, 1 + random.nextInt(CUSTOMERS));
                ps.setLong(at + 2, 100 + random.nextInt(100_000));
            });
            c.commit();
            c.setAutoCommit(true);
            try (Statement st = c.createStatement()) {
                if (db.dialect() == Dialect.POSTGRESQL) {
                    st.execute("select setval(pg_get_serial_sequence('customers', 'id'), " + CUSTOMERS + ")");
                    st.execute("select setval(pg_get_serial_sequence('orders', 'id'), " + ORDERS + ")");
                    st.execute("analyze customers");
                    st.execute("analyze orders");
                } else {
                    st.execute("alter table customers auto_increment = " + (CUSTOMERS + 1));
                    st.execute("alter table orders auto_increment = " + (ORDERS + 1));
                }
            }
        }
    }

    private interface RowBinder {
        void bind(PreparedStatement ps, int firstParameter, int rowNumber) throws SQLException;
    }

    /** Multi-row inserts: far fewer round trips than one statement per row, on both engines. */
    private static void insertRows(Connection c, String tableAndColumns, int columns, int rows, RowBinder binder)
            throws SQLException {
        for (int start = 1; start <= rows; start += ROWS_PER_STATEMENT) {
            int count = Math.min(ROWS_PER_STATEMENT, rows - start + 1);
            StringBuilder sql = new StringBuilder("insert into ").append(tableAndColumns).append(" values ");
            String row = "(" + "?, ".repeat(columns - 1) + "?)";
            for (int i = 0; i < count; i++) {
                sql.append(i == 0 ? "" : ", ").append(row);
            }
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < count; i++) {
                    binder.bind(ps, i * columns + 1, start + i);
                }
                ps.executeUpdate();
            }
        }
    }
}
