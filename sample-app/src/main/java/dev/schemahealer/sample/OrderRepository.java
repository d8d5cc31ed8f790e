package dev.schemahealer.sample;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Orders and their lines. Release 2 gives every order a {@code status} and stores its lines in
 * {@code order_lines}; a new order and its lines are written in one transaction.
 */
public final class OrderRepository {

    public record Line(String sku, int quantity, long priceCents) {
    }

    public record Order(long id, long customerId, long totalCents, String status, Instant createdAt, List<Line> lines) {
    }

    public record Summary(long id, long totalCents, String status, Instant createdAt) {
    }

    private final Database db;

    public OrderRepository(Database db) {
        this.db = db;
    }

    /**
     * Writes the order and its lines in one transaction and returns the order's id.
     *
     * @throws ApiException 404 when the customer does not exist; nothing is written then
     */
    public long place(long customerId, List<Line> lines) throws SQLException {
        long total = 0;
        for (Line line : lines) {
            total = Math.addExact(total, Math.multiplyExact(line.priceCents(), line.quantity()));
        }
        long totalCents = total;
        return db.inTransaction(c -> {
            if (!CustomerRepository.exists(c, customerId)) {
                throw ApiException.notFound("no customer " + customerId);
            }
            long orderId;
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into orders (customer_id, total_cents, status) values (?, ?, 'NEW')", new String[] {"id"})) {
                ps.setLong(1, customerId);
                ps.setLong(2, totalCents);
                ps.executeUpdate();
                orderId = CustomerRepository.generatedId(ps);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into order_lines (order_id, sku, quantity, price_cents) values (?, ?, ?, ?)")) {
                for (Line line : lines) {
                    ps.setLong(1, orderId);
                    ps.setString(2, line.sku());
                    ps.setInt(3, line.quantity());
                    ps.setLong(4, line.priceCents());
                    ps.executeUpdate();
                }
            }
            return orderId;
        });
    }

    /** The order with its lines. Two reads in autocommit: lines are never changed after the order is placed. */
    public Optional<Order> find(long id) throws SQLException {
        return db.autocommit(c -> {
            long customerId;
            long totalCents;
            String status;
            Instant createdAt;
            try (PreparedStatement ps = c.prepareStatement(
                    "select customer_id, total_cents, status, created_at from orders where id = ?")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    customerId = rs.getLong(1);
                    totalCents = rs.getLong(2);
                    status = rs.getString(3);
                    createdAt = rs.getTimestamp(4).toInstant();
                }
            }
            return Optional.of(new Order(id, customerId, totalCents, status, createdAt, lines(c, id)));
        });
    }

    /** A customer's latest orders, newest first: the query {@code orders_customer_created_idx} exists for. */
    public List<Summary> recentOfCustomer(long customerId, int limit) throws SQLException {
        return db.autocommit(c -> {
            try (PreparedStatement ps = c.prepareStatement("select id, total_cents, status, created_at from orders"
                    + " where customer_id = ? order by created_at desc, id desc limit ?")) {
                ps.setLong(1, customerId);
                ps.setInt(2, limit);
                List<Summary> orders = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        orders.add(new Summary(rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getTimestamp(4).toInstant()));
                    }
                }
                return orders;
            }
        });
    }

    private static List<Line> lines(Connection c, long orderId) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(
                "select sku, quantity, price_cents from order_lines where order_id = ? order by id")) {
            ps.setLong(1, orderId);
            List<Line> lines = new ArrayList<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    lines.add(new Line(rs.getString(1), rs.getInt(2), rs.getLong(3)));
                }
            }
            return lines;
        }
    }
}
