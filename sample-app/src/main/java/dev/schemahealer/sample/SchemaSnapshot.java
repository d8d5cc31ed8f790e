package dev.schemahealer.sample;

import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The tables, columns and indexes of the connection's current schema (PostgreSQL) or database
 * (MySQL), one sorted line each, so that two schemas compare with {@code equals}: a database
 * healed from release 1 against a fresh release-2 install. The ledger table is left out: only a
 * healed database has one. Column order is left out too: an added column always comes last.
 */
public record SchemaSnapshot(Set<String> lines) {

    private static final String LEDGER = "schemahealer_history";

    public static SchemaSnapshot of(Connection c, Dialect dialect) throws SQLException {
        Set<String> lines = new TreeSet<>();
        if (dialect == Dialect.POSTGRESQL) {
            collect(c, lines, "select table_name, column_name, data_type, coalesce(character_maximum_length, 0),"
                    + " is_nullable, coalesce(column_default, ''), is_identity"
                    + " from information_schema.columns where table_schema = current_schema() and table_name <> ?");
            // The definition names the schema ("ON demo.orders"); two schemas differ only there.
            collect(c, lines, "select tablename, indexname, replace(indexdef, ' ON ' || schemaname || '.', ' ON ')"
                    + " from pg_catalog.pg_indexes where schemaname = current_schema() and tablename <> ?");
        } else {
            collect(c, lines, "select table_name, column_name, column_type, is_nullable, coalesce(column_default, ''), extra"
                    + " from information_schema.columns where table_schema = database() and table_name <> ?");
            collect(c, lines, "select table_name, index_name, non_unique, group_concat(column_name order by seq_in_index)"
                    + " from information_schema.statistics where table_schema = database() and table_name <> ?"
                    + " group by table_name, index_name, non_unique");
        }
        return new SchemaSnapshot(lines);
    }

    /** Lines of this snapshot that {@code other} lacks, then those it has in excess; empty when equal. */
    public List<String> differences(SchemaSnapshot other) {
        List<String> diff = new ArrayList<>();
        for (String line : lines) {
            if (!other.lines.contains(line)) {
                diff.add("- " + line);
            }
        }
        for (String line : other.lines) {
            if (!lines.contains(line)) {
                diff.add("+ " + line);
            }
        }
        return diff;
    }

    private static void collect(Connection c, Set<String> lines, String sql) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            ps.setString(1, LEDGER);
            try (ResultSet rs = ps.executeQuery()) {
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        line.append(i == 1 ? "" : " | ").append(rs.getString(i));
                    }
                    lines.add(line.toString());
                }
            }
        }
    }
}
