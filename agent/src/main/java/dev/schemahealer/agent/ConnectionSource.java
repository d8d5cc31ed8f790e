package dev.schemahealer.agent;

import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Properties;
import java.util.Set;

/**
 * Opens the dedicated connections upgrades run on: never one of the application's pool, always
 * from what the failing physical connection was opened with ({@link ConnectionRecipe}, remembered
 * per connection when the driver opened it, whichever way: {@code DriverManager}, a DataSource,
 * MariaDB Connector/J's static {@code Driver.connect(Configuration)}), minus the options that would
 * break DDL, with {@code ddl.url} / {@code ddl.user} / {@code ddl.password} on top.
 *
 * <p>The connection is opened through the application's own {@link Driver} instance, not
 * {@code DriverManager}, whose caller-sensitive checks would hide a driver that lives in a class
 * loader the agent's classes cannot see.
 */
final class ConnectionSource {

    private final String ddlUrl;
    private final String ddlUser;
    private final String ddlPassword;

    ConnectionSource(String ddlUrl, String ddlUser, String ddlPassword) {
        this.ddlUrl = ddlUrl;
        this.ddlUser = ddlUser;
        this.ddlPassword = ddlPassword;
    }

    /** Called when a driver opened a connection (a pool does this rarely). */
    void remember(Object driver, String url, Properties info, Object connection) {
        if (driver instanceof Driver d && url != null && connection != null) {
            Properties copy = new Properties();
            if (info != null) {
                copy.putAll(info);
            }
            ConnectionState state = ConnectionState.of(connection);
            state.recipe = new ConnectionRecipe(d, url, copy);
            String currentSchema = currentSchemaOption(url, copy);
            if (currentSchema != null) {
                // pgjdbc sets search_path to the whole list ("tenant_a,public").
                state.workIn(firstOf(currentSchema), currentSchema);
            }
            if (Proxy.isProxyClass(connection.getClass())) {
                // Connector/J multi-host URLs (replication, load-balanced, failover) return a proxy; the
                // statements report the wrapper its handler hands out: the handler is what both share.
                VirtualField.CONNECTION.set(Proxy.getInvocationHandler(connection), state);
            }
        }
    }

    /**
     * MariaDB Connector/J's DataSource opens connections through the static
     * {@code Driver.connect(Configuration)}, past {@code Driver.connect(String, Properties)}: the
     * configuration holds the URL and the credentials.
     */
    void rememberConfiguration(Object configuration, Object connection) {
        try {
            Class<?> type = configuration.getClass();
            // Its initial URL carries the DataSource's credentials with the password masked ("password=***").
            String url = ConnectionRecipe.withoutParams((String) type.getMethod("initialUrl").invoke(configuration),
                    Set.of("user", "password"));
            Properties p = new Properties();
            Object user = type.getMethod("user").invoke(configuration);
            Object password = type.getMethod("password").invoke(configuration);
            if (user != null) {
                p.setProperty("user", user.toString());
            }
            if (password != null) {
                p.setProperty("password", password.toString());
            }
            Object driver = Class.forName("org.mariadb.jdbc.Driver", true, type.getClassLoader())
                    .getDeclaredConstructor().newInstance();
            remember(driver, url, p, connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            Log.warn("cannot read how a MariaDB connection was opened; its heals use the URL's credentials", e);
        }
    }

    /** {@code setSchema} succeeded on an application connection. */
    void schemaSet(Object connection, String schema) {
        ConnectionState.of(connection).workIn(schema, null);
    }

    /**
     * What is known about {@code connection}: its own state, or for a Connector/J multi-host
     * connection its proxy's; created empty for a connection opened before the agent came.
     */
    ConnectionState state(Object connection) {
        ConnectionState known = ConnectionState.peek(connection);
        if (known != null && known.recipe != null) {
            return known;
        }
        Object handler = multiHostHandler(connection);
        ConnectionState shared = handler == null ? null : VirtualField.CONNECTION.get(handler);
        if (shared != null) {
            return shared;
        }
        return known != null ? known : ConnectionState.of(connection);
    }

    /**
     * A new connection in autocommit to the same database as the target's application connection.
     * MySQL: switched to the application connection's current database.
     */
    Connection open(Target target) throws SQLException {
        ConnectionRecipe recipe = target.recipe != null ? target.recipe
                : new ConnectionRecipe(fallbackDriver(target.driverSideClass), target.url, fallbackProperties(target.user));
        Connection c = recipe.forHeal(ddlUrl, ddlUser, ddlPassword).open();
        try {
            c.setAutoCommit(true);
            if (target.catalog != null && target.dialect.isMysqlFamily() && !target.catalog.equals(c.getCatalog())) {
                c.setCatalog(target.catalog);
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    boolean ddlUrlSet() {
        return ddlUrl != null;
    }

    private static Properties fallbackProperties(String user) {
        Properties p = new Properties();
        if (user != null) {
            // Opened before the agent was attached: the user is known, the password only if the URL has it.
            p.setProperty("user", user);
        }
        return p;
    }

    /**
     * Connector/J runs a multi-host connection (replication, load-balanced, failover URLs) behind a
     * proxy whose invocation handler hands statements a wrapper connection ({@code
     * ReplicationMySQLConnection} and its kin); {@code getThisAsProxy()} leads back to that handler.
     */
    private static Object multiHostHandler(Object connection) {
        try {
            return connection.getClass().getMethod("getThisAsProxy").invoke(connection);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /** pgjdbc's {@code currentSchema}, from the properties or the URL. */
    private static String currentSchemaOption(String url, Properties info) {
        String value = info.getProperty("currentSchema");
        if (value == null && url.startsWith("jdbc:postgresql:")) {
            int q = url.indexOf('?');
            if (q >= 0) {
                for (String pair : url.substring(q + 1).split("&")) {
                    if (pair.startsWith("currentSchema=")) {
                        value = java.net.URLDecoder.decode(pair.substring(14), java.nio.charset.StandardCharsets.UTF_8);
                    }
                }
            }
        }
        return value == null || value.isBlank() ? null : value;
    }

    private static String firstOf(String searchPath) {
        String first = searchPath.split(",")[0].trim();
        return first.startsWith("\"") && first.endsWith("\"") && first.length() > 1
                ? first.substring(1, first.length() - 1) : first;
    }

    /**
     * For connections opened before the agent was attached: the driver class of the same family,
     * from the same class loader as the failing statement.
     */
    private static Driver fallbackDriver(Class<?> driverSideClass) throws SQLException {
        String name = driverSideClass.getName();
        String driverClass = name.startsWith("org.postgresql.") ? "org.postgresql.Driver"
                : name.startsWith("org.mariadb.") ? "org.mariadb.jdbc.Driver"
                : "com.mysql.cj.jdbc.NonRegisteringDriver";
        try {
            Class<?> type = Class.forName(driverClass, true, driverSideClass.getClassLoader());
            return (Driver) type.getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException | ClassCastException e) {
            throw new SQLException("cannot open an upgrade connection: driver " + driverClass + " not loadable", e);
        }
    }
}
