package dev.schemahealer.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/** The release-1 table every benchmark reads: {@code customers(id, name)} with {@link #ROWS} rows. */
final class Customers {

    static final int ROWS = 1000;
    static final String SELECT_BY_ID = "select id, name from customers where id = ?";

    private Customers() {
    }

    /** Creates and fills the table; leaves {@code c} in autocommit. */
    static void create(Connection c) throws SQLException {
        c.setAutoCommit(true);
        try (Statement s = c.createStatement()) {
            s.execute("create table customers (id bigint primary key, name varchar(100) not null)");
        }
        c.setAutoCommit(false);
        try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name) values (?, ?)")) {
            for (int id = 1; id <= ROWS; id++) {
                ps.setLong(1, id);
                ps.setString(2, "customer " + id);
                ps.addBatch();
            }
            ps.executeBatch();
        }
        c.commit();
        c.setAutoCommit(true);
    }

    /** The next id to read, cycling through the table. */
    static long idAfter(long previous) {
        return previous % ROWS + 1;
    }

    /** Runs the prepared {@link #SELECT_BY_ID} for {@code id} and reads the row by label (as ORMs and most code do). */
    static String read(PreparedStatement ps, long id) throws SQLException {
        ps.setLong(1, id);
        try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next() || rs.getLong("id") != id) {
                throw new IllegalStateException("customer " + id + " not found");
            }
            return rs.getString("name");
        }
    }
}
