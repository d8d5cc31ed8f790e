package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The table that records applied upgrades, one per database (PostgreSQL: per schema, the
 * connection's current one): {@code upgrade_id, description, applied_at, applied_by, trigger,
 * duration_ms}. {@code trigger} names the error code and the missing object, never statement text.
 */
public final class Ledger {

    /** One applied upgrade. */
    public record Entry(String upgradeId, String description, Instant appliedAt, String appliedBy, String trigger,
                        long durationMs) {
    }

    private final String table;

    /** @param table the ledger's name, optionally schema-qualified (validated by {@link AgentOptions}) */
    public Ledger(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    /** Creates the ledger unless it exists. Run it under the cluster lock: concurrent creation races on PostgreSQL. */
    public void ensureExists(Connection c, Dialect dialect) throws SQLException {
        if (exists(c, dialect)) {
            return;
        }
        String ts = dialect == Dialect.POSTGRESQL ? "timestamp with time zone" : "timestamp(3) null";
        String sql = "create table if not exists " + sqlName(dialect) + " ("
                + "upgrade_id varchar(191) not null primary key, "
                + "description varchar(1000) not null, "
                + "applied_at " + ts + " not null, "
                + "applied_by varchar(255) not null, "
                + quote("trigger", dialect) + " varchar(255) not null, "
                + "duration_ms bigint not null)";
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public boolean exists(Connection c, Dialect dialect) throws SQLException {
        String[] parts = table.split("\\.");
        String name = parts[parts.length - 1].toLowerCase();
        String schema = parts.length == 2 ? parts[0].toLowerCase() : null;
        String sql = dialect == Dialect.POSTGRESQL
                ? "select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                        + " where c.relname = ? and n.nspname = coalesce(?, current_schema()) and c.relkind in ('r', 'p')"
                : "select 1 from information_schema.tables where lower(table_name) = ? and table_schema = coalesce(?, database())";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, name);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Every entry, in id order. */
    public Map<String, Entry> read(Connection c, Dialect dialect) throws SQLException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        String sql = "select " + columns(dialect) + " from " + sqlName(dialect) + " order by upgrade_id";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Entry e = entry(rs, 1);
                entries.put(e.upgradeId(), e);
            }
        }
        return entries;
    }

    /**
     * The entries, in id order, of the ledgers in each of {@code scopes} (PostgreSQL schemas, MySQL databases;
     * each must have the ledger, unqualified), in a few queries on one connection: a thousand
     * tenants cost a handful of round trips, not a connection each.
     */
    public Map<String, Map<String, Entry>> readAll(Connection c, Dialect dialect, List<String> scopes) throws SQLException {
        Map<String, Map<String, Entry>> all = new LinkedHashMap<>();
        scopes.forEach(s -> all.put(s, new TreeMap<>()));
        // Small unions: PostgreSQL plans a union of 200 tables several times slower than 8 of 25.
        int chunk = 25;
        for (int from = 0; from < scopes.size(); from += chunk) {
            List<String> part = scopes.subList(from, Math.min(scopes.size(), from + chunk));
            try {
                readInto(c, dialect, part, all);
            } catch (SQLException unionFailed) {
                // MySQL refuses a union over ledgers of different collations: one query per scope then.
                for (String scope : part) {
                    readInto(c, dialect, List.of(scope), all);
                }
            }
        }
        return all;
    }

    private void readInto(Connection c, Dialect dialect, List<String> scopes, Map<String, Map<String, Entry>> all)
            throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < scopes.size(); i++) {
            // The scope's position, not its name, goes into the SQL: no literal to escape.
            sql.append(i == 0 ? "" : " union all ").append("select ").append(i).append(", ").append(columns(dialect))
                    .append(" from ").append(quote(scopes.get(i), dialect)).append('.').append(sqlName(dialect));
        }
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql.toString())) {
            while (rs.next()) {
                Entry e = entry(rs, 2);
                all.get(scopes.get(rs.getInt(1))).put(e.upgradeId(), e);
            }
        }
    }

    private static String columns(Dialect dialect) {
        return "upgrade_id, description, applied_at, applied_by, " + quote("trigger", dialect) + ", duration_ms";
    }

    private static Entry entry(ResultSet rs, int first) throws SQLException {
        Timestamp at = rs.getTimestamp(first + 2);
        return new Entry(rs.getString(first), rs.getString(first + 1), at == null ? null : at.toInstant(),
                rs.getString(first + 3), rs.getString(first + 4), rs.getLong(first + 5));
    }

    /** Writes {@code e}; {@code applied_at} is the database's current time. */
    public void record(Connection c, Dialect dialect, Entry e) throws SQLException {
        // The database's clock, one for every instance; and Connector/J would drop the milliseconds
        // of a parameter on MariaDB 10 (it reports itself as 5.5.5-10.x).
        String now = dialect == Dialect.POSTGRESQL ? "now()" : "current_timestamp(3)";
        String sql = "insert into " + sqlName(dialect) + " (upgrade_id, description, applied_at, applied_by, "
                + quote("trigger", dialect) + ", duration_ms) values (?, ?, " + now + ", ?, ?, ?)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, e.upgradeId());
            ps.setString(2, truncate(e.description(), 1000));
            ps.setString(3, truncate(e.appliedBy(), 255));
            ps.setString(4, truncate(e.trigger(), 255));
            ps.setLong(5, e.durationMs());
            ps.executeUpdate();
        }
    }

    private String sqlName(Dialect dialect) {
        String[] parts = table.split("\\.");
        StringBuilder sb = new StringBuilder();
        for (String part : parts) {
            if (sb.length() > 0) {
                sb.append('.');
            }
            // Unquoted ledger names follow the engine's case rules: lower case on PostgreSQL.
            sb.append(quote(dialect == Dialect.POSTGRESQL ? part.toLowerCase() : part, dialect));
        }
        return sb.toString();
    }

    static String quote(String name, Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "\"" + name.replace("\"", "\"\"") + "\""
                : "`" + name.replace("`", "``") + "`";
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
