package dev.schemahealer.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Runs statements that fail for reasons other than a healable miss and prints what the caller
 * sees: class, SQLState, vendor code, message, suppressed count. The test compares a run with the
 * agent to one without. Args: url user password
 */
public final class ErrorsApp {

    static final String[] STATEMENTS = {
        "selec 1",                                                   // syntax error
        "insert into customers (id, name) values (1, 'duplicate')",  // unique violation
        "select no_such_column from customers",                      // a miss no upgrade heals
        "select * from no_such_table",                               // likewise, a table
        "insert into customers (id, name) values (2, null)",         // NOT NULL nobody declared nullable
    };

    public static void main(String[] args) throws Exception {
        try (Connection c = DriverManager.getConnection(args[0], args[1], args[2])) {
            for (String sql : STATEMENTS) {
                try (Statement st = c.createStatement()) {
                    st.execute(sql);
                    System.out.println("NO ERROR for " + sql);
                } catch (SQLException e) {
                    System.out.println("ERROR " + e.getClass().getName() + " | " + e.getSQLState() + " | " + e.getErrorCode()
                            + " | " + e.getMessage().replace('\n', ' ') + " | suppressed=" + e.getSuppressed().length);
                }
            }
        }
    }
}
