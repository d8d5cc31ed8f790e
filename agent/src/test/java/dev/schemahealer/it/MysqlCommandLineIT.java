package dev.schemahealer.it;

import dev.schemahealer.agent.Ledger;
import dev.schemahealer.testing.Engine;
import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class MysqlCommandLineIT extends CommandLineSuite {

    private final List<String> tenants = new ArrayList<>();

    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    @Test
    void twoHundredDatabasesAtAGlance() throws Exception {
        tenantsAtAGlance(200, "databases");
    }

    @Override
    String createTenants(int n) throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            Ledger ledger = new Ledger("schemahealer_history");
            ledger.ensureExists(c, Dialect.MYSQL);
            for (String id : MIXED) {
                ledger.record(c, Dialect.MYSQL, new Ledger.Entry(id, id, null, "seed", "seed", 1));
            }
            for (int i = 0; i < n; i++) {
                String t = tenantName(i);
                tenants.add(t);
                st.execute("create database " + t + " character set utf8mb4 collate utf8mb4_general_ci");
                st.execute("create table " + t + ".schemahealer_history like " + db.name() + ".schemahealer_history");
                st.execute("insert into " + t + ".schemahealer_history select * from " + db.name()
                        + ".schemahealer_history" + (i % 59 == 0 ? " where upgrade_id <> 'it-003-orders'" : ""));
                if (i % 59 == 0) {
                    st.execute("create table " + t + ".it_apply_log like " + db.name() + ".it_apply_log");
                }
            }
        }
        return db.name() + "_t_*";
    }

    @AfterEach
    void dropTenants() throws Exception {
        try (Connection c = db.connect(); Statement st = c.createStatement()) {
            for (String t : tenants) {
                st.execute("drop database if exists " + t);
            }
        }
    }

    @Override
    String tenantOption() {
        return "--databases";
    }

    @Override
    String tenantName(int i) {
        return String.format("%s_t_%04d", db.name(), i);
    }
}
