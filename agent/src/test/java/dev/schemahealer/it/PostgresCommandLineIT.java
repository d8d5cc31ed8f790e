package dev.schemahealer.it;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

class PostgresCommandLineIT extends CommandLineSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Test
    void aThousandSchemasAtAGlance() throws Exception {
        tenantsAtAGlance(1000, "schemas");
    }

    @Override
    String createTenants(int n) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            st.execute("create schema ledger_template");
            c.setSchema("ledger_template");
            Ledger ledger = new Ledger("schemahealer_history");
            ledger.ensureExists(c, Dialect.POSTGRESQL);
            for (String id : MIXED) {
                ledger.record(c, Dialect.POSTGRESQL, new Ledger.Entry(id, id, null, "seed", "seed", 1));
            }
            // One statement for all tenants: a loop of round trips would dominate the test's time.
            st.execute("do $$ declare s text; begin for i in 0.." + (n - 1) + " loop"
                    + " s := 't_' || lpad(i::text, 4, '0');"
                    + " execute format('create schema %I', s);"
                    + " execute format('create table %I.schemahealer_history"
                    + " (like ledger_template.schemahealer_history including all)', s);"
                    + " execute format('insert into %I.schemahealer_history select * from ledger_template.schemahealer_history"
                    + " where %L or upgrade_id <> ''it-003-orders''', s, i % 59 <> 0);"
                    + " if i % 59 = 0 then execute format('create table %I.it_apply_log (like public.it_apply_log)', s);"
                    + " end if; end loop; end $$");
        }
        return "t_*";
    }

    @Override
    String tenantOption() {
        return "--schemas";
    }

    @Override
    String tenantName(int i) {
        return String.format("t_%04d", i);
    }
}
