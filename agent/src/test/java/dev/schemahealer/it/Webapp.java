package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A web application's request handler, run by {@link ContainerApp} inside the application's own
 * child-first class loader on the container's shared driver: a statement that misses a column of customers.
 */
public final class Webapp {

    private Webapp() {
    }

    /**
     * Selects {@code column} of customers; returns {@code OK} or {@code ERROR state message}, and
     * which copy of the upgrades API the application has.
     */
    public static String handle(String url, String user, String password, String column) {
        String api = SchemaUpgrade.class.getClassLoader() == Webapp.class.getClassLoader() ? "bundled-api" : "shared-api";
        try (Connection c = DriverManager.getConnection(url, user, password); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select " + column + " from customers where id = 1")) {
            rs.next();
            return "OK " + api;
        } catch (SQLException e) {
            return "ERROR " + api + " " + e.getSQLState() + " " + e.getMessage().replace('\n', ' ');
        }
    }
}
