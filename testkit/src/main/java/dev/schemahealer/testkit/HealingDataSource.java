package dev.schemahealer.testkit;

import dev.schemahealer.bootstrap.Hooks;
import dev.schemahealer.testing.TestDatabase;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Connections to one test database, healing: wrapped for the in-process engine, or as the driver
 * made them when the agent wove it. Give it to the code under test, or to its pool
 * ({@code HikariConfig.setDataSource}).
 */
final class HealingDataSource implements DataSource {

    private final LazyDatabase lazy;
    private final Healing healing;
    private volatile PrintWriter logWriter;
    private volatile int loginTimeout;

    HealingDataSource(LazyDatabase database, Healing healing) {
        this.lazy = database;
        this.healing = healing;
    }

    @Override
    public Connection getConnection() throws SQLException {
        return open(lazy.get().properties());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", user);
        properties.setProperty("password", password == null ? "" : password);
        return open(properties);
    }

    private Connection open(Properties properties) throws SQLException {
        TestDatabase database = lazy.get();
        Connection real = database.driver().connect(database.url(), properties);
        if (real == null) {
            throw new SQLException(database.driver().getClass().getName() + " does not accept " + database.url());
        }
        if (healing == Healing.AGENT) {
            return real;
        }
        // As the woven Driver.connect: the engine opens its dedicated upgrade connections the same way.
        Hooks.connected(database.driver(), database.url(), properties, real);
        return HealingJdbc.connection(real);
    }

    @Override
    public PrintWriter getLogWriter() {
        return logWriter;
    }

    @Override
    public void setLogWriter(PrintWriter out) {
        logWriter = out;
    }

    @Override
    public void setLoginTimeout(int seconds) {
        loginTimeout = seconds;
    }

    @Override
    public int getLoginTimeout() {
        return loginTimeout;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("no java.util.logging here");
    }

    @Override
    public <T> T unwrap(Class<T> type) throws SQLException {
        if (type.isInstance(this)) {
            return type.cast(this);
        }
        throw new SQLException("not a wrapper for " + type.getName());
    }

    @Override
    public boolean isWrapperFor(Class<?> type) {
        return type.isInstance(this);
    }

    @Override
    public String toString() {
        return "healing data source for " + lazy + " (" + healing + ")";
    }
}
