package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Opens the dedicated connections upgrades run on: never one of the application's pool, always
 * with the URL and properties the application's own connection was opened with (remembered when
 * the driver opened it), or with {@code ddl.user} / {@code ddl.password}.
 *
 * <p>The connection is opened through the application's own {@link Driver} instance, not
 * {@code DriverManager}, whose caller-sensitive checks would hide a driver that lives in a class
 * loader the agent's classes cannot see.
 */
final class ConnectionSource {

    private record Recipe(Driver driver, Properties properties) {
    }

    private final String ddlUser;
    private final String ddlPassword;
    private final Map<String, Recipe> recipes = new ConcurrentHashMap<>();

    ConnectionSource(String ddlUser, String ddlPassword) {
        this.ddlUser = ddlUser;
        this.ddlPassword = ddlPassword;
    }

    /** Whether the application's connections to {@code url} were seen being opened. */
    boolean knows(String url) {
        return recipes.containsKey(url);
    }

    /** Called when a driver opened a connection (a pool does this rarely). */
    void remember(Object driver, String url, Properties info) {
        if (driver instanceof Driver d && url != null) {
            Properties copy = new Properties();
            if (info != null) {
                copy.putAll(info);
            }
            recipes.put(url, new Recipe(d, copy));
        }
    }

    /**
     * A new connection in autocommit to the same database as {@code application}.
     *
     * @param url     the application connection's URL, as its metadata reports it
     * @param catalog MySQL: the application connection's current database (it may differ from the
     *                URL's); PostgreSQL: its current schema; {@code null}: the URL's default
     */
    Connection open(Target target) throws SQLException {
        return open(target.url, target.catalog, target.dialect, target.driverSideClass, target.user);
    }

    private Connection open(String url, String catalog, Dialect dialect, Class<?> driverSideClass, String fallbackUser)
            throws SQLException {
        Recipe recipe = recipes.get(url);
        Driver driver = recipe != null ? recipe.driver() : fallbackDriver(driverSideClass);
        Properties properties = new Properties();
        if (recipe != null) {
            properties.putAll(recipe.properties());
        } else if (fallbackUser != null) {
            // Opened before the agent was attached: the user is known, the password only if the URL has it.
            properties.setProperty("user", fallbackUser);
        }
        if (ddlUser != null) {
            properties.setProperty("user", ddlUser);
            properties.setProperty("password", ddlPassword == null ? "" : ddlPassword);
        }
        Connection c = driver.connect(url, properties);
        if (c == null) {
            throw new SQLException("driver " + driver.getClass().getName() + " does not accept " + Secrets.maskUrl(url));
        }
        try {
            c.setAutoCommit(true);
            if (catalog != null && dialect.isMysqlFamily() && !catalog.equals(c.getCatalog())) {
                c.setCatalog(catalog);
            } else if (catalog != null && dialect == Dialect.POSTGRESQL) {
                c.setSchema(catalog); // the application's current schema: DDL, ledger and lock live there
            }
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
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
