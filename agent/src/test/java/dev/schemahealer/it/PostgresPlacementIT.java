package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.testing.Engine;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PostgreSQL: a heal lands in the schema the failing statement used, with its whole search path. */
class PostgresPlacementIT extends EndToEndBase {

    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    private void tenantSchema(String schema, boolean withCustomers) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create schema " + schema);
            if (withCustomers) {
                st.execute("create table " + schema + ".customers (id bigint primary key, name varchar(100) not null)");
                st.execute("create table " + schema + ".it_apply_log (upgrade_id varchar(100) not null, pid bigint not null)");
            }
        }
    }

    /** Lazily, with heal ahead off: the transaction's miss is healed in the tenant's schema when it ends. */
    @Test
    void aTenantsMissInsideATransactionIsHealedInTheTenantsSchema() throws Exception {
        tenantSchema("tenant_a", true);
        ChildJvm app = ChildJvm.start(upgradesOption("mixed") + ",heal.ahead=off", ChildJvm.applicationClassPath(),
                TransactionRetryApp.class, dbArgs("50", "tenant_a"));

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(1, app.linesStartingWith("FIRST_ERROR").size(), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
        assertEquals(1, count("select count(*) from tenant_a.schemahealer_history"));
        assertEquals(1, count("select count(*) from tenant_a.customers where email is not null"));
        assertEquals(0, count("select count(*) from information_schema.columns where table_schema = 'public'"
                + " and table_name = 'customers' and column_name = 'email'"), "nothing healed in public");
        assertEquals(0, count("select count(*) from information_schema.tables where table_schema = 'public'"
                + " and table_name = 'schemahealer_history'"));
    }

    /**
     * Heal ahead follows {@code setSchema}: the tenant's transaction starts after its schema is
     * healed, so it sees no error, and nothing lands in the schema the connection was opened in.
     */
    @Test
    void aTenantsTransactionAfterSetSchemaIsHealedAheadInTheTenantsSchema() throws Exception {
        tenantSchema("tenant_b", true);
        ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(), TransactionRetryApp.class,
                dbArgs("52", "tenant_b"));

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of(), app.linesStartingWith("FIRST_ERROR"), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
        assertEquals(1, count("select count(*) from tenant_b.customers where email is not null"));
        assertEquals(1, count("select count(*) from tenant_b.schemahealer_history where upgrade_id = 'it-001-customer-email'"));
        assertEquals(0, count("select count(*) from information_schema.columns where table_schema = 'public'"
                + " and table_name = 'customers' and column_name = 'email'"), "nothing healed in public");
    }

    @Test
    void theHealConnectionHasTheApplicationsWholeSearchPath() throws Exception {
        tenantSchema("tenant_x", false); // customers only in public, later in the path
        String url = withParam(db.url(), "currentSchema=tenant_x,public");
        ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(), OneStatementApp.class,
                url, db.user(), db.password(), "51");

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
        assertEquals(1, count("select count(*) from public.customers where email is not null"));
        assertEquals(0, count("select count(*) from information_schema.tables where table_schema = 'tenant_x'"
                + " and table_name = 'customers'"), "no shadow table in the first schema of the path");
        // The ledger is the first schema's (the connection's current schema).
        assertEquals(1, count("select count(*) from tenant_x.schemahealer_history"));
        assertTrue(app.output().contains("applied upgrade it-001-customer-email"), app.output());
    }
}
