package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a heal lands: the database, and on PostgreSQL the schema and search path, that a failing
 * statement's connection works in. One {@link Target} per place and driver class loader, shared by
 * every thread of this JVM. A target holds its driver: the targets of a driver's loader are kept by
 * that loader ({@link LoaderLocal}), so an undeployed application's driver is collected with it.
 */
final class Targets {

    private final ConnectionSource connections;
    private final LoaderLocal<Map<String, Target>> byDriverLoader = new LoaderLocal<>();

    Targets(ConnectionSource connections) {
        this.connections = connections;
    }

    /**
     * The place {@code connection} works in, or {@code null} when it cannot be known. MySQL: the
     * current database (Connector/J knows it without a round trip). PostgreSQL: the current schema
     * and search path, one query on this failure path, since an application may switch schemas (one
     * per tenant). An aborted transaction cannot answer: then what the application set
     * ({@code setSchema}, the URL's {@code currentSchema}) or the connection last reported; a
     * connection opened the URL's way with nothing set works in the URL's default. Unknown: a
     * connection the agent never saw opened, in an aborted transaction, that never reported.
     */
    Target of(Connection connection, Class<?> driverSideClass) throws SQLException {
        return of(connection, driverSideClass, true);
    }

    /**
     * @param ask PostgreSQL: ask the connection (one query); false: take what the application set
     *            or the connection last reported, as for an aborted transaction
     */
    Target of(Connection connection, Class<?> driverSideClass, boolean ask) throws SQLException {
        ConnectionState info = connections.state(connection);
        ConnectionRecipe recipe = info.recipe;
        String url = connection.getMetaData().getURL();
        String scope;
        String searchPath = null;
        if (driverSideClass.getName().startsWith("org.postgresql.")) {
            if (!(ask && askPostgres(connection, info)) && info.schema == null && recipe == null) {
                return null;
            }
            scope = info.schema;
            searchPath = info.searchPath;
        } else {
            scope = connection.getCatalog();
        }
        String key = (recipe != null ? recipe.url() : url) + '\u0000' + scope + '\u0000' + searchPath;
        Map<String, Target> targets = of(driverSideClass);
        Target t = targets.get(key);
        if (t == null) {
            Dialect dialect = Dialect.of(connection);
            String user = recipe != null ? null : applicationUser(connection);
            String s = searchPath;
            t = targets.computeIfAbsent(key, k -> new Target(url, recipe, scope, s, dialect, driverSideClass, user));
        }
        return t;
    }

    private Map<String, Target> of(Class<?> driverSideClass) {
        ClassLoader loader = driverSideClass.getClassLoader();
        Map<String, Target> targets = byDriverLoader.get(loader);
        return targets != null ? targets
                : byDriverLoader.putIfAbsent(loader, new ConcurrentHashMap<>(), driverSideClass);
    }

    /** Asks the connection for its schema and search path and remembers them; false when it cannot answer. */
    private static boolean askPostgres(Connection connection, ConnectionState info) {
        try (Statement st = connection.createStatement();
             ResultSet rs = st.executeQuery("select current_schema(), current_setting('search_path')")) {
            rs.next();
            info.workIn(rs.getString(1), rs.getString(2));
            return true;
        } catch (SQLException e) {
            return false; // an aborted transaction
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
