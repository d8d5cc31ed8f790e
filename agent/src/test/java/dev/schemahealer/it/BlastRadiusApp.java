package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs one statement in autocommit and prints {@code OK} or {@code ERROR state code}. Args: url user
 * password mode, where mode is
 * {@code call} (a client-prepared {@code call audited(?)}: the procedure writes an audit row, then
 * misses customers.email), {@code unnamed} (a buggy query whose error names no missing object;
 * on MySQL/MariaDB a real miss reported in German), {@code email} / {@code bad} (a prepared select
 * of that column); {@code email-tx} runs the email select in a transaction.
 */
public final class BlastRadiusApp {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            boolean postgres = args[0].startsWith("jdbc:postgresql:");
            String sql = switch (args[3]) {
                case "call" -> "call audited(?)";
                case "unnamed" -> postgres ? "select customers.id from customers c where c.id = ?"
                        : "select email from customers where id = ?";
                case "email", "email-tx" -> "select email from customers where id = ?";
                case "bad" -> "select bad from customers where id = ?";
                default -> throw new IllegalArgumentException(args[3]);
            };
            if (args[3].equals("unnamed") && !postgres) {
                try (Statement st = c.createStatement()) {
                    st.execute("set lc_messages = 'de_DE'");
                }
            }
            boolean transaction = args[3].endsWith("-tx");
            c.setAutoCommit(!transaction);
            // Connector/J prepares on the client by default: a PreparedStatement, not a CallableStatement.
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setInt(1, 1);
                ps.execute();
                if (transaction) {
                    c.commit();
                }
                System.out.println("OK");
            }
        } catch (SQLException e) {
            System.out.println("ERROR " + e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage().replace('\n', ' '));
        }
    }
}
