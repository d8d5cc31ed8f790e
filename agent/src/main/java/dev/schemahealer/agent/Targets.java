package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a heal lands: the database, and on PostgreSQL the schema, that a failing statement's
 * connection works in. One {@link Target} per place, shared by every thread of this JVM.
 */
final class Targets {

    private final ConnectionSource connections;
    private final Map<String, Target> targets = new ConcurrentHashMap<>();

    Targets(ConnectionSource connections) {
        this.connections = connections;
    }

    /**
     * The database, and on PostgreSQL the schema, that {@code connection} works in. MySQL: the
     * current database (Connector/J knows it without a round trip). PostgreSQL: the current schema,
     * one query on this failure path, since an application may switch schemas (one per tenant).
     * An aborted transaction cannot answer: then the schema the connection last reported, else
     * {@code null}, the URL's default schema.
     */
    Target of(Connection connection, Class<?> driverSideClass) throws SQLException {
        String url = connection.getMetaData().getURL();
        boolean postgres = driverSideClass.getName().startsWith("org.postgresql.");
        String scope = postgres ? currentSchema(connection) : connection.getCatalog();
        String key = url + '\u0000' + scope;
        Target t = targets.get(key);
        if (t == null) {
            Dialect dialect = Dialect.of(connection);
            String user = connections.knows(url) ? null : applicationUser(connection);
            t = targets.computeIfAbsent(key, k -> new Target(url, scope, dialect, driverSideClass, user));
        }
        return t;
    }

    private static String currentSchema(Connection connection) {
        try {
            String schema = connection.getSchema();
            ConnectionState.of(connection).schema = schema;
            return schema;
        } catch (SQLException e) {
            // An aborted transaction cannot answer: the schema this connection last reported, if any.
            ConnectionState state = ConnectionState.peek(connection);
            return state == null ? null : state.schema;
        }
    }

    /** The user of a connection opened before the agent was attached (MySQL reports user@host). */
    private static String applicationUser(Connection connection) {
        try {
            String user = connection.getMetaData().getUserName();
            int at = user == null ? -1 : user.indexOf('@');
            return at < 0 ? user : user.substring(0, at);
        } catch (SQLException e) {
            return null;
        }
    }
}
