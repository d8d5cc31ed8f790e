package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.util.Properties;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

/** What a heal connection keeps of the application connection's recipe, and what it drops. */
class ConnectionRecipeTest {

    /** Never connects: the recipe's string handling is what is tested here. */
    private static final Driver NO_DRIVER = new Driver() {
        public Connection connect(String url, Properties info) { return null; }
        public boolean acceptsURL(String url) { return false; }
        public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) { return new DriverPropertyInfo[0]; }
        public int getMajorVersion() { return 0; }
        public int getMinorVersion() { return 0; }
        public boolean jdbcCompliant() { return false; }
        public Logger getParentLogger() { return null; }
    };

    private static ConnectionRecipe recipe(String url, String... keyValues) {
        Properties p = new Properties();
        for (int i = 0; i < keyValues.length; i += 2) {
            p.setProperty(keyValues[i], keyValues[i + 1]);
        }
        return new ConnectionRecipe(NO_DRIVER, url, p);
    }

    @Test
    void timeoutsReadOnlyAndRoutingGoTlsAndAuthenticationStay() {
        ConnectionRecipe heal = recipe("jdbc:postgresql://db:5432/app?ssl=true&sslmode=verify-full&socketTimeout=5"
                        + "&readOnly=true&targetServerType=secondary&ApplicationName=shop",
                "user", "app", "password", "pw", "socketTimeout", "3", "readOnlyMode", "always", "sslrootcert", "/ca.pem")
                .forHeal(null, null, null);
        assertEquals("jdbc:postgresql://db:5432/app?ssl=true&sslmode=verify-full&ApplicationName=shop", heal.url());
        assertEquals("app", heal.properties().getProperty("user"));
        assertEquals("pw", heal.properties().getProperty("password"));
        assertEquals("/ca.pem", heal.properties().getProperty("sslrootcert"));
        assertNull(heal.properties().getProperty("socketTimeout"));
        assertNull(heal.properties().getProperty("readOnlyMode"));
    }

    @Test
    void sessionTimeoutsInsideOptionsAndSessionVariablesGoTheRestStays() {
        assertEquals("-c search_path=app", ConnectionRecipe.stripSettings("-c statement_timeout=5s -c search_path=app"));
        assertEquals("", ConnectionRecipe.stripSettings("-c statement_timeout=5s -c lock_timeout=1s"));
        assertEquals("--application_name=x", ConnectionRecipe.stripSettings("--statement_timeout=100 --application_name=x"));
        assertEquals("sql_mode='ANSI'", ConnectionRecipe.stripSettings("max_execution_time=1000,sql_mode='ANSI'"));
        assertEquals("", ConnectionRecipe.stripSettings("max_statement_time=1"));
        assertEquals("jdbc:postgresql://db/app?options=-c+search_path%3Dapp",
                ConnectionRecipe.stripUrl("jdbc:postgresql://db/app?options=-c%20statement_timeout%3D500%20-c%20search_path%3Dapp"));
        assertEquals("jdbc:mariadb://db/app", ConnectionRecipe.stripUrl("jdbc:mariadb://db/app?sessionVariables=max_statement_time=1"));
        ConnectionRecipe heal = recipe("jdbc:mysql://db/app", "sessionVariables", "wait_timeout=5,time_zone='+00:00'")
                .forHeal(null, null, null);
        assertEquals("time_zone='+00:00'", heal.properties().getProperty("sessionVariables"));
    }

    @Test
    void aMultiHostPostgresUrlIsSentToThePrimary() {
        ConnectionRecipe heal = recipe("jdbc:postgresql://a:5432,b:5432/app?targetServerType=preferSecondary")
                .forHeal(null, null, null);
        assertEquals("jdbc:postgresql://a:5432,b:5432/app", heal.url());
        assertEquals("primary", heal.properties().getProperty("targetServerType"));
        assertNull(recipe("jdbc:postgresql://a/app").forHeal(null, null, null).properties().getProperty("targetServerType"));
    }

    @Test
    void ddlUrlUserAndPasswordOverrideTheApplications() {
        ConnectionRecipe heal = recipe("jdbc:postgresql://pooler:6432/app?prepareThreshold=0", "user", "app", "password", "pw")
                .forHeal("jdbc:postgresql://primary:5432/app?socketTimeout=1", "migrator", "m-pw");
        assertEquals("jdbc:postgresql://primary:5432/app", heal.url());
        assertEquals("migrator", heal.properties().getProperty("user"));
        assertEquals("m-pw", heal.properties().getProperty("password"));
        heal = recipe("jdbc:mysql://db/app", "user", "app", "password", "pw").forHeal("jdbc:mysql://primary/app", null, null);
        assertEquals("jdbc:mysql://primary/app", heal.url());
        assertEquals("pw", heal.properties().getProperty("password"));
    }

    @Test
    void mariadbsMaskedCredentialsInItsInitialUrlGiveWayToTheProperties() {
        // MariaDB Connector/J's Configuration.initialUrl() of a DataSource: "password=***".
        assertEquals("jdbc:mariadb://db/app?sslMode=verify-full", ConnectionRecipe.withoutParams(
                "jdbc:mariadb://db/app?user=app&password=***&sslMode=verify-full", java.util.Set.of("user", "password")));
    }

    @Test
    void aRecipeNeverPrintsItsPassword() throws SQLException {
        assertEquals("jdbc:postgresql://db/app?password=****", recipe("jdbc:postgresql://db/app?password=pw").toString());
        Properties p = new Properties();
        p.setProperty("user", "app");
        p.setProperty("password", "pw1");
        p.setProperty("sslpassword", "pw2");
        ConnectionRecipe withProperties = new ConnectionRecipe(new org.postgresql.Driver(), "jdbc:postgresql://db/app", p);
        assertEquals("jdbc:postgresql://db/app {password=****, sslpassword=****, user=app}", withProperties.toString());
        assertEquals("jdbc:postgresql://db/app {password=****, sslpassword=****, user=migrator}",
                withProperties.forHeal(null, "migrator", "pw3").toString());
    }
}
