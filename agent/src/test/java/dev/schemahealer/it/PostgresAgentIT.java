package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemahealer.testing.Engine;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresAgentIT extends AgentEndToEndSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Test
    void theLedgerLivesInTheConnectionsCurrentSchema() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create schema app");
            st.execute("create table app.customers (id bigint primary key, name varchar(100) not null)");
            st.execute("create table app.it_apply_log (upgrade_id varchar(100) not null, pid bigint not null)");
        }
        String url = db.url() + (db.url().contains("?") ? "&" : "?") + "currentSchema=app";
        ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(), OneStatementApp.class,
                url, db.user(), db.password(), "40");

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(1, count("select count(*) from app.schemahealer_history"));
        assertEquals(1, count("select count(*) from app.customers where email is not null"));
        assertEquals(0, count("select count(*) from information_schema.tables where table_schema = 'public'"
                + " and table_name = 'schemahealer_history'"));
        assertEquals(0, count("select count(*) from information_schema.columns where table_schema = 'public'"
                + " and table_name = 'customers' and column_name = 'email'"));
        assertEquals(List.of("OK"), app.linesStartingWith("OK"));
    }

    @Test
    void eachSchemaAnApplicationSwitchesToIsHealedOnItsOwn() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String tenant : List.of("tenant_a", "tenant_b")) {
                st.execute("create schema " + tenant);
                st.execute("create table " + tenant + ".customers (id bigint primary key, name varchar(100) not null)");
                st.execute("create table " + tenant + ".it_apply_log (upgrade_id varchar(100) not null, pid bigint not null)");
            }
        }
        ChildJvm app = ChildJvm.start(upgradesOption("mixed"), ChildJvm.applicationClassPath(), TenantsApp.class,
                db.url(), db.user(), db.password(), "tenant_a", "tenant_b");

        assertEquals(0, app.waitFor(60), app.output());
        assertEquals(List.of("OK tenant_a", "OK tenant_b"), app.linesStartingWith("OK"));
        for (String tenant : List.of("tenant_a", "tenant_b")) {
            assertEquals(1, count("select count(*) from " + tenant + ".schemahealer_history"), tenant);
            assertEquals(1, count("select count(*) from " + tenant + ".customers where email is not null"), tenant);
        }
        assertEquals(0, count("select count(*) from information_schema.columns where table_schema = 'public'"
                + " and table_name = 'customers' and column_name = 'email'"));
    }
}
