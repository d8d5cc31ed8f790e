package dev.schemahealer.it;

import java.sql.Connection;
import org.mariadb.jdbc.MariaDbDataSource;

/**
 * Connects through MariaDB Connector/J's own DataSource (which opens connections through the
 * static {@code Driver.connect(Configuration)}) and runs the release-2 insert in autocommit.
 * Args: url user password id
 */
public final class MariadbDataSourceApp {

    public static void main(String[] args) throws Exception {
        MariaDbDataSource ds = new MariaDbDataSource(args[0]);
        ds.setUser(args[1]);
        ds.setPassword(args[2]);
        try (Connection c = ds.getConnection()) {
            TransactionRetryApp.insert(c, Long.parseLong(args[3]));
            System.out.println("OK");
        } catch (java.sql.SQLException e) {
            System.out.println("ERROR " + e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage().replace('\n', ' '));
            System.exit(1);
        }
    }
}
