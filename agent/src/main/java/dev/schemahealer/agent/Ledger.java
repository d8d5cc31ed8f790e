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
 * duration_ms}, plus the claim columns {@code state, raw_started, raw_done}. {@code trigger} names
 * the error code and the missing object, never statement text.
 *
 * <p>A row in state {@code applied} is a finished upgrade. A row in state {@code applying} is a
 * claim: an upgrade that could not commit together with its row (MySQL DDL commits by itself; a
 * PostgreSQL online index build cannot run in a transaction) is claimed before its first change,
 * and {@code raw_started}/{@code raw_done} count its raw statements ({@code UpgradeContext.execute})
 * as they start and finish. A claim found by a later heal under the heal lock belongs to a heal
 * that died: see {@link UpgradeRunner} for how it is resumed.
 */
public final class Ledger {

    /** One applied upgrade. */
    public record Entry(String upgradeId, String description, Instant appliedAt, String appliedBy, String trigger,
                        long durationMs) {
    }

    /**
     * An upgrade claimed by a heal that has not finished it.
     *
     * @param rawStarted how many of its raw statements were started
     * @param rawDone    how many of them are known to have completed
     */
    public record Claim(String upgradeId, String claimedBy, Instant claimedAt, int rawStarted, int rawDone) {

        /** A raw statement started and never reported back: it may or may not have run. */
        public boolean inDoubt() {
            return rawStarted > rawDone;
        }
    }

    static final String APPLIED = "applied";
    static final String APPLYING = "applying";
    private static final String APPLIED_ONLY = " where state = '" + APPLIED + "'";

    private final String table;

    /** @param table the ledger's name, unqualified (validated by {@link AgentOptions}) */
    public Ledger(String table) {
        this.table = table;
    }

    public String table() {
        return table;
    }

    /**
     * Creates the ledger unless it exists, and adds the claim columns to a ledger made by an
     * earlier version. Run it under the cluster lock: concurrent creation races on PostgreSQL.
     */
    public void ensureExists(Connection c, Dialect dialect) throws SQLException {
        if (exists(c, dialect)) {
            if (!hasClaimColumns(c, dialect)) {
                try (Statement st = c.createStatement()) {
                    st.execute("alter table " + sqlName(dialect) + " add column state varchar(16) default '" + APPLIED
                            + "' not null, add column raw_started int default 0 not null,"
                            + " add column raw_done int default 0 not null");
                }
            }
            return;
        }
        String ts = dialect == Dialect.POSTGRESQL ? "timestamp with time zone" : "timestamp(3) null";
        String sql = "create table if not exists " + sqlName(dialect) + " ("
                + "upgrade_id varchar(191) not null primary key, "
                + "description varchar(1000) not null, "
                + "applied_at " + ts + " not null, "
                + "applied_by varchar(255) not null, "
                + quote("trigger", dialect) + " varchar(255) not null, "
                + "duration_ms bigint not null, "
                + "state varchar(16) default '" + APPLIED + "' not null, "
                + "raw_started int default 0 not null, "
                + "raw_done int default 0 not null)";
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    public boolean exists(Connection c, Dialect dialect) throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL
                ? "select 1 from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                        + " where c.relname = ? and n.nspname = current_schema() and c.relkind in ('r', 'p')"
                : "select 1 from information_schema.tables where lower(table_name) = ? and table_schema = database()";
        return any(c, sql, table.toLowerCase());
    }

    private boolean hasClaimColumns(Connection c, Dialect dialect) throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL
                ? "select 1 from information_schema.columns where table_name = ? and table_schema = current_schema()"
                        + " and column_name = 'state'"
                : "select 1 from information_schema.columns where lower(table_name) = ? and table_schema = database()"
                        + " and column_name = 'state'";
        return any(c, sql, table.toLowerCase());
    }

    private static boolean any(Connection c, String sql, String param) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, param);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Every applied entry, in id order (claims are not applied upgrades). */
    public Map<String, Entry> read(Connection c, Dialect dialect) throws SQLException {
        Map<String, Entry> entries = new LinkedHashMap<>();
        // A ledger from an earlier version has no state column: every row in it is applied.
        String where = hasClaimColumns(c, dialect) ? APPLIED_ONLY : "";
        String sql = "select " + columns(dialect) + " from " + sqlName(dialect) + where + " order by upgrade_id";
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
                readInto(c, dialect, part, all, APPLIED_ONLY);
            } catch (SQLException unionFailed) {
                // MySQL refuses a union over ledgers of different collations, and a ledger of an
                // earlier version has no state column (all its rows are applied): one query per scope then.
                for (String scope : part) {
                    try {
                        readInto(c, dialect, List.of(scope), all, APPLIED_ONLY);
                    } catch (SQLException noStateColumn) {
                        readInto(c, dialect, List.of(scope), all, "");
                    }
                }
            }
        }
        return all;
    }

    private void readInto(Connection c, Dialect dialect, List<String> scopes, Map<String, Map<String, Entry>> all,
                          String where) throws SQLException {
        StringBuilder sql = new StringBuilder();
        for (int i = 0; i < scopes.size(); i++) {
            // The scope's position, not its name, goes into the SQL: no literal to escape.
            sql.append(i == 0 ? "" : " union all ").append("select ").append(i).append(", ").append(columns(dialect))
                    .append(" from ").append(quote(scopes.get(i), dialect)).append('.').append(sqlName(dialect)).append(where);
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

    /** Upgrades claimed and not finished. Call after {@link #ensureExists}. */
    public Map<String, Claim> claims(Connection c, Dialect dialect) throws SQLException {
        Map<String, Claim> claims = new LinkedHashMap<>();
        String sql = "select upgrade_id, applied_by, applied_at, raw_started, raw_done from " + sqlName(dialect)
                + " where state = '" + APPLYING + "' order by upgrade_id";
        try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(3);
                claims.put(rs.getString(1), new Claim(rs.getString(1), rs.getString(2),
                        at == null ? null : at.toInstant(), rs.getInt(4), rs.getInt(5)));
            }
        }
        return claims;
    }

    /** Writes {@code e} as applied; {@code applied_at} is the database's current time. */
    public void record(Connection c, Dialect dialect, Entry e) throws SQLException {
        insert(c, dialect, e, APPLIED);
    }

    /** Claims {@code e}'s upgrade before its first change ({@code applied_at}: when it was claimed). */
    void claim(Connection c, Dialect dialect, Entry e) throws SQLException {
        insert(c, dialect, e, APPLYING);
    }

    /** Marks a claimed upgrade applied. */
    void complete(Connection c, Dialect dialect, Entry e) throws SQLException {
        String sql = "update " + sqlName(dialect) + " set state = '" + APPLIED + "', applied_at = " + now(dialect)
                + ", applied_by = ?, duration_ms = ? where upgrade_id = ? and state = '" + APPLYING + "'";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, truncate(e.appliedBy(), 255));
            ps.setLong(2, e.durationMs());
            ps.setString(3, e.upgradeId());
            if (ps.executeUpdate() != 1) {
                throw new SQLException("the claim of upgrade " + e.upgradeId() + " disappeared from " + table
                        + " while it was applied");
            }
        }
    }

    /** Journals raw statement {@code n} of a claimed upgrade as started ({@code done == false}) or done. */
    void journal(Connection c, Dialect dialect, String upgradeId, int n, boolean done) throws SQLException {
        String column = done ? "raw_done" : "raw_started";
        try (PreparedStatement ps = c.prepareStatement("update " + sqlName(dialect) + " set " + column + " = ?"
                + " where upgrade_id = ? and state = '" + APPLYING + "'")) {
            ps.setInt(1, n);
            ps.setString(2, upgradeId);
            ps.executeUpdate();
        }
    }

    private void insert(Connection c, Dialect dialect, Entry e, String state) throws SQLException {
        // The database's clock, one for every instance; and Connector/J would drop the milliseconds
        // of a parameter on MariaDB 10 (it reports itself as 5.5.5-10.x).
        String sql = "insert into " + sqlName(dialect) + " (upgrade_id, description, applied_at, applied_by, "
                + quote("trigger", dialect) + ", duration_ms, state, raw_started, raw_done) values (?, ?, " + now(dialect)
                + ", ?, ?, ?, ?, 0, 0)";
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, e.upgradeId());
            ps.setString(2, truncate(e.description(), 1000));
            ps.setString(3, truncate(e.appliedBy(), 255));
            ps.setString(4, truncate(e.trigger(), 255));
            ps.setLong(5, e.durationMs());
            ps.setString(6, state);
            ps.executeUpdate();
        }
    }

    private static String now(Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "now()" : "current_timestamp(3)";
    }

    private String sqlName(Dialect dialect) {
        // Unquoted ledger names follow the engine's case rules: lower case on PostgreSQL.
        return quote(dialect == Dialect.POSTGRESQL ? table.toLowerCase() : table, dialect);
    }

    static String quote(String name, Dialect dialect) {
        return dialect == Dialect.POSTGRESQL ? "\"" + name.replace("\"", "\"\"") + "\""
                : "`" + name.replace("`", "``") + "`";
    }

    private static String truncate(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }
}
