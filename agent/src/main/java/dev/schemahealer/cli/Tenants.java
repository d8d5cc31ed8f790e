package dev.schemahealer.cli;

import dev.schemahealer.upgrades.Dialect;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The schemas (PostgreSQL, {@code --schemas}) or databases (MySQL/MariaDB, {@code --databases})
 * whose names match a pattern, with {@code *} for any characters and {@code ?} for one: one query.
 */
final class Tenants {

    private Tenants() {
    }

    /** Each matching name, in name order, and whether it has the ledger table: two queries. */
    static Map<String, Boolean> list(Connection c, Dialect dialect, String pattern, String ledgerTable) throws SQLException {
        Map<String, Boolean> names = new LinkedHashMap<>();
        String like = like(pattern);
        String tenants = dialect == Dialect.POSTGRESQL
                ? "select nspname from pg_catalog.pg_namespace where nspname like ? order by 1"
                : "select schema_name from information_schema.schemata where schema_name like ? order by 1";
        try (PreparedStatement ps = c.prepareStatement(tenants)) {
            ps.setString(1, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.put(rs.getString(1), Boolean.FALSE);
                }
            }
        }
        // MySQL: a constant table name lets information_schema look each database up instead of opening every table.
        String withLedger = dialect == Dialect.POSTGRESQL
                ? "select n.nspname from pg_catalog.pg_class t join pg_catalog.pg_namespace n on n.oid = t.relnamespace"
                        + " where t.relname = ? and t.relkind in ('r', 'p') and n.nspname like ?"
                : "select table_schema from information_schema.tables where table_name = ? and table_schema like ?";
        try (PreparedStatement ps = c.prepareStatement(withLedger)) {
            ps.setString(1, dialect == Dialect.POSTGRESQL ? ledgerTable.toLowerCase(Locale.ROOT) : ledgerTable);
            ps.setString(2, like);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    names.replace(rs.getString(1), Boolean.TRUE);
                }
            }
        }
        return names;
    }

    /** {@code t_*} becomes {@code t\_%}: {@code *} and {@code ?} are the wildcards, everything else literal. */
    static String like(String pattern) {
        StringBuilder sb = new StringBuilder();
        for (char ch : pattern.toCharArray()) {
            switch (ch) {
                case '*' -> sb.append('%');
                case '?' -> sb.append('_');
                case '%', '_', '\\' -> sb.append('\\').append(ch);
                default -> sb.append(ch);
            }
        }
        return sb.toString();
    }
}
