package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;

/**
 * One connection, two tenants: it switches schema with {@code setSchema} and runs the same
 * release-2 statement in each. Args: url user password schema...
 */
public final class TenantsApp {

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            for (int i = 3; i < args.length; i++) {
                c.setSchema(args[i]);
                try (PreparedStatement ps = c.prepareStatement("insert into customers (id, name, email) values (?, ?, ?)")) {
                    ps.setLong(1, 60 + i);
                    ps.setString(2, args[i]);
                    ps.setString(3, args[i] + "@example.com");
                    ps.executeUpdate();
                    System.out.println("OK " + args[i]);
                }
            }
        }
    }
}
