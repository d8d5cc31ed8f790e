package dev.schemahealer.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Customers, as release 2 sees them: with {@code phone}, and without {@code legacy_code}, which
 * release 2 no longer writes (it stays in the table, nullable, until a later release drops it).
 */
public final class CustomerRepository {

    public record Customer(long id, String name, String email, String phone) {
    }

    private final Database db;

    public CustomerRepository(Database db) {
        this.db = db;
    }

    public Optional<Customer> find(long id) throws SQLException {
        return db.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, name, email, phone from customers where id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    return Optional.of(new Customer(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4)));
                }
            }
        });
    }

    /** Inserts in autocommit and returns the new id. */
    public long create(String name, String email, String phone) throws SQLException {
        return db.autocommit(c -> {
            // Column names for the generated key, not RETURN_GENERATED_KEYS: pgjdbc would append
            // "returning *", whose result type changes with every column an upgrade adds.
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into customers (name, email, phone) values (?, ?, ?)", new String[] {"id"})) {
                ps.setString(1, name);
                ps.setString(2, email);
                ps.setString(3, phone);
                ps.executeUpdate();
                return generatedId(ps);
            }
        });
    }

    /** Inside a caller's transaction: does the customer exist? */
    static boolean exists(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("select 1 from customers where id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    static long generatedId(PreparedStatement ps) throws SQLException {
        try (ResultSet keys = ps.getGeneratedKeys()) {
            if (!keys.next()) {
                throw new SQLException("the insert returned no generated id");
            }
            return keys.getLong(1);
        }
    }
}
