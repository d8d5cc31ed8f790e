package dev.schemahealer.sample;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.schemahealer.testing.TestDatabase;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.JdbcUpgradeContext;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;

/** What the engine suites share: databases on a schema release, the registered upgrades, small queries. */
final class EngineTestSupport {

    private EngineTestSupport() {
    }

    /** The upgrades registered in META-INF/services, in id order, as the agent sees them. */
    static List<SchemaUpgrade> registeredUpgrades() {
        List<SchemaUpgrade> upgrades = new ArrayList<>();
        ServiceLoader.load(SchemaUpgrade.class).forEach(upgrades::add);
        upgrades.sort(Comparator.comparing(SchemaUpgrade::id));
        return upgrades;
    }

    /** Applies every registered upgrade in id order, as the agent would, without the agent. */
    static void applyAll(Connection c) throws SQLException {
        Dialect dialect = Dialect.of(c);
        for (SchemaUpgrade upgrade : registeredUpgrades()) {
            try (JdbcUpgradeContext ctx = JdbcUpgradeContext.open(c, dialect, Duration.ofSeconds(5), upgrade.id())) {
                upgrade.apply(ctx);
            }
        }
    }

    static void load(TestDatabase db, SchemaScript script) throws SQLException {
        try (Connection c = db.connect()) {
            script.run(c, Dialect.of(c));
        }
    }

    static HikariDataSource pool(TestDatabase db) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(db.url());
        config.setUsername(db.user());
        config.setPassword(db.password());
        config.setMaximumPoolSize(4);
        return new HikariDataSource(config);
    }

    static long count(Connection c, String table) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static String queryString(Connection c, String sql) throws SQLException {
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }
}
