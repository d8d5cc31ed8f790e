package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Runs one release-2 statement (it needs customers.email) and prints {@code OK} or the error.
 * Args: url user password id
 */
public final class OneStatementApp {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2]);
             PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
            ps.setLong(1, Long.parseLong(args[3]));
            ps.setString(2, "one");
            ps.setString(3, "one@example.com");
            ps.executeUpdate();
            System.out.println("OK");
        } catch (SQLException e) {
            System.out.println("ERROR " + e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage().replace('\n', ' '));
            System.exit(1);
        }
    }
}
