package dev.schemahealer.it;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Loads the driver and runs statements before any agent is there, waits for a line on standard
 * input (the test attaches the agent meanwhile), then runs a release-2 statement on the same
 * connection. Args: url user password
 */
public final class AttachApp {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            try (Statement st = c.createStatement()) {
                st.execute("select count(*) from customers");
            }
            try (PreparedStatement ps = c.prepareStatement("select name from customers where id = ?")) {
                ps.setLong(1, 1);
                ps.executeQuery().close();
            }
            System.out.println("READY " + ProcessHandle.current().pid());
            System.out.flush();
            new BufferedReader(new InputStreamReader(System.in)).readLine();
            try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
                ps.setLong(1, 7);
                ps.setString(2, "attached");
                ps.setString(3, "a@example.com");
                ps.executeUpdate();
                System.out.println("OK");
            } catch (SQLException e) {
                System.out.println("ERROR " + e.getSQLState() + " " + e.getMessage());
                System.exit(1);
            }
        }
    }
}
