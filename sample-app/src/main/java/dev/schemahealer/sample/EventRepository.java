package dev.schemahealer.sample;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;

/** A customer's activity events, written many at a time with one JDBC batch. */
public final class EventRepository {

    public record Event(String type, String payload) {
    }

    private final Database db;

    public EventRepository(Database db) {
        this.db = db;
    }

    /**
     * Inserts all events with one {@code executeBatch}, in a transaction: a batch that fails part
     * way (MySQL applies a batch statement by statement) leaves nothing behind.
     *
     * @return how many events were written
     */
    public int record(long customerId, List<Event> events) throws SQLException {
        return db.inTransaction(c -> {
            if (!CustomerRepository.exists(c, customerId)) {
                throw ApiException.notFound("no customer " + customerId);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "insert into customer_events (customer_id, event_type, payload) values (?, ?, ?)")) {
                for (Event e : events) {
                    ps.setLong(1, customerId);
                    ps.setString(2, e.type());
                    ps.setString(3, e.payload());
                    ps.addBatch();
                }
                return ps.executeBatch().length;
            }
        });
    }
}
