package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A release-2 insert (it needs customers.email) in a transaction, optionally after
 * {@code setSchema}: the first attempt fails inside the transaction, the application rolls back
 * and retries once, as Spring's retry templates do. Prints {@code FIRST_ERROR ...} for a failed
 * first attempt, then {@code OK} or {@code ERROR ...}. Args: url user password id [schema]
 */
public final class TransactionRetryApp {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            if (args.length > 4) {
                c.setSchema(args[4]);
            }
            c.setAutoCommit(false);
            for (int attempt = 1; ; attempt++) {
                try {
                    insert(c, Long.parseLong(args[3]));
                    c.commit();
                    System.out.println("OK");
                    return;
                } catch (SQLException e) {
                    c.rollback();
                    String line = e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage().replace('\n', ' ');
                    if (attempt == 2) {
                        System.out.println("ERROR " + line);
                        System.exit(1);
                    }
                    System.out.println("FIRST_ERROR " + line);
                }
            }
        }
    }

    static void insert(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
            ps.setLong(1, id);
            ps.setString(2, "tx");
            ps.setString(3, "tx@example.com");
            ps.executeUpdate();
        }
    }
}
