package dev.schemahealer.sample.demo;

import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the agent's ledger, {@code schemahealer_history}, from the demo's own connection: what an
 * operator would look at. The agent creates the table on its first heal; until then there is none.
 */
final class LedgerReader {

    /** One row of the ledger. */
    record Entry(String upgradeId, String description, Instant appliedAt, String appliedBy, String trigger, long durationMs) {
    }

    static final String TABLE = "schemahealer_history";
    /** A row in state {@code applying} is a claim: an upgrade under way (or cut short), not applied. */
    private static final String APPLIED = " where state = 'applied'";

    private final Connection connection;
    private final Dialect dialect;

    LedgerReader(Connection connection, Dialect dialect) {
        this.connection = connection;
        this.dialect = dialect;
    }

    /** How many upgrades are recorded; 0 before the ledger exists. */
    int count() throws SQLException {
        if (!exists()) {
            return 0;
        }
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery("select count(*) from " + TABLE + APPLIED)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Every row, oldest first. */
    List<Entry> entries() throws SQLException {
        List<Entry> entries = new ArrayList<>();
        if (!exists()) {
            return entries;
        }
        String trigger = dialect == Dialect.POSTGRESQL ? "\"trigger\"" : "`trigger`"; // a reserved word on MySQL
        String sql = "select upgrade_id, description, applied_at, applied_by, " + trigger + ", duration_ms from " + TABLE
                + APPLIED + " order by applied_at, upgrade_id";
        try (Statement st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            while (rs.next()) {
                Timestamp at = rs.getTimestamp(3);
                entries.add(new Entry(rs.getString(1), rs.getString(2), at == null ? null : at.toInstant(), rs.getString(4),
                        rs.getString(5), rs.getLong(6)));
            }
        }
        return entries;
    }

    private boolean exists() throws SQLException {
        String sql = dialect == Dialect.POSTGRESQL
                ? "select 1 from information_schema.tables where table_schema = current_schema() and table_name = ?"
                : "select 1 from information_schema.tables where table_schema = database() and table_name = ?";
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setString(1, TABLE);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }
}
