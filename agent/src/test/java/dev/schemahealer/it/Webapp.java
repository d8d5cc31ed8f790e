package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collections;

/**
 * A web application's request handler, run by {@link ContainerApp} inside the application's own
 * child-first class loader on the container's shared driver: a statement that misses a column of customers.
 */
public final class Webapp {

    private Webapp() {
    }

    /**
     * Selects {@code column} of customers; returns {@code OK} or {@code ERROR state message}, which
     * copy of the upgrades API the application has and, after OK, whose driver served it.
     */
    public static String handle(String url, String user, String password, String column) {
        String api = SchemaUpgrade.class.getClassLoader() == Webapp.class.getClassLoader() ? "bundled-api" : "shared-api";
        try {
            // An application's own driver registers itself with DriverManager when its class initialises.
            Class.forName(url.startsWith("jdbc:postgresql:") ? "org.postgresql.Driver" : "com.mysql.cj.jdbc.Driver");
        } catch (ClassNotFoundException e) {
            return "ERROR " + e;
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select " + column + " from customers where id = 1")) {
            rs.next();
            return "OK " + api + (c.getClass().getClassLoader() == Webapp.class.getClassLoader() ? " own-driver" : " shared-driver");
        } catch (SQLException e) {
            return "ERROR " + api + " " + e.getSQLState() + " " + e.getMessage().replace('\n', ' ');
        }
    }

    /** What a container does when it stops an application: its own drivers deregistered, their threads ended. */
    public static String undeploy() throws Exception {
        for (Driver d : Collections.list(DriverManager.getDrivers())) {
            if (d.getClass().getClassLoader() == Webapp.class.getClassLoader()) {
                DriverManager.deregisterDriver(d);
            }
        }
        try {
            Class<?> cleanup = Class.forName("com.mysql.cj.jdbc.AbandonedConnectionCleanupThread");
            if (cleanup.getClassLoader() == Webapp.class.getClassLoader()) {
                cleanup.getMethod("checkedShutdown").invoke(null);
            }
        } catch (ClassNotFoundException notConnectorJ) {
            // no Connector/J
        }
        return "undeployed";
    }
}
