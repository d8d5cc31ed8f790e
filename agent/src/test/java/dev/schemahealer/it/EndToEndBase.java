package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * End-to-end tests: real child JVMs with {@code -javaagent} on the built jar, against a real
 * engine, a fresh database per test, on the release-1 schema.
 */
abstract class EndToEndBase {

    static final String RELEASE_1 = """
            create table customers (id bigint primary key, name varchar(100) not null);
            create table it_apply_log (upgrade_id varchar(100) not null, pid bigint not null);
            create table events (id bigint, note varchar(100));
            insert into customers (id, name) values (1, 'first customer')""";

    TestDatabase db;

    abstract Engine engine();

    @BeforeEach
    void releaseOneSchema() throws SQLException {
        db = releaseOne(engine());
    }

    /** A fresh database on the release-1 schema. */
    static TestDatabase releaseOne(Engine engine) throws SQLException {
        TestDatabase fresh = TestDatabase.create(engine);
        try (Connection c = fresh.connect(); Statement st = c.createStatement()) {
            for (String sql : RELEASE_1.split(";")) {
                st.execute(sql);
            }
        }
        return fresh;
    }

    @AfterEach
    void drop() {
        db.close();
    }

    /** The URL the application in the child JVM uses; the MariaDB Connector/J suites override it. */
    String appUrl() {
        return db.url();
    }

    /** {@code url} with one more query parameter. */
    static String withParam(String url, String param) {
        return url + (url.contains("?") ? "&" : "?") + param;
    }

    String[] dbArgs(String... more) {
        String[] base = {appUrl(), db.user(), db.password()};
        String[] all = new String[base.length + more.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    static String upgradesOption(String scenario) {
        return "upgrades=" + ChildJvm.scenario(scenario);
    }

    // ---- helpers ----

    static final String[] MIXED = {"it-001-customer-email", "it-002-customer-phone", "it-003-orders",
        "it-004-customer-name-index"};

    void assertEachUpgradeRanOnce() throws SQLException {
        assertRanOnce(MIXED);
    }

    /** Each named upgrade ran exactly once (counted from inside it), and the ledger lists exactly those. */
    void assertRanOnce(String... ids) throws SQLException {
        Map<String, Integer> runs = new TreeMap<>();
        try (Connection c = db.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select upgrade_id, count(*) from it_apply_log group by upgrade_id")) {
            while (rs.next()) {
                runs.put(rs.getString(1), rs.getInt(2));
            }
        }
        Map<String, Integer> expected = new TreeMap<>();
        for (String id : ids) {
            expected.put(id, 1);
        }
        assertEquals(expected, runs);
        assertEquals(runs.keySet(), ledgerTriggers().keySet());
    }

    Map<String, String> ledgerTriggers() throws SQLException {
        return ledgerTriggers(db);
    }

    /** Each upgrade in {@code database}'s ledger, with its trigger. */
    Map<String, String> ledgerTriggers(TestDatabase database) throws SQLException {
        String trigger = engine() == Engine.POSTGRESQL ? "\"trigger\"" : "`trigger`";
        Map<String, String> triggers = new TreeMap<>();
        try (Connection c = database.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("select upgrade_id, " + trigger + " from schemahealer_history")) {
            while (rs.next()) {
                triggers.put(rs.getString(1), rs.getString(2));
            }
        }
        return triggers;
    }

    int count(String sql) throws SQLException {
        try (Connection c = db.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }
}
