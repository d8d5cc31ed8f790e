package dev.schemahealer.sample.upgrades;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Contract: release 2 no longer writes {@code customers.legacy_code}, which release 1 declared NOT
 * NULL. Its first insert fails (PostgreSQL 23502, MySQL 1364 "Field 'legacy_code' doesn't have a
 * default value"); declaring the column {@link SchemaObject#nullable nullable} lets the agent treat
 * that failure as a miss and run this upgrade, which drops the NOT NULL. A later release drops the
 * column itself, once no release-1 instance is left.
 */
public final class MakeLegacyCodeNullable implements SchemaUpgrade {

    private static final String TABLE = "customers";
    private static final String COLUMN = "legacy_code";
    /** Character set and collation names are plain words; anything else is refused rather than put into SQL. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_]+");

    @Override
    public String id() {
        return "2026-11-01-02-customer-legacy-code-nullable";
    }

    @Override
    public String description() {
        return "make customers.legacy_code nullable (release 2 stops writing it)";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.nullable(TABLE, COLUMN));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        Column column = read(ctx);
        if (column == null || column.nullable) {
            return; // already done, or a later release dropped the column
        }
        if (ctx.dialect() == Dialect.POSTGRESQL) {
            // A catalog-only change; it needs the table's lock for a moment, bounded by the DDL lock timeout.
            ctx.execute("alter table customers alter column legacy_code drop not null");
            return;
        }
        // MySQL and MariaDB have no "drop not null": MODIFY restates the whole column, so restate it
        // exactly as it is (type, character set, collation, comment), changing only NOT NULL to NULL.
        // There is no default to keep: a default is why inserts would not have failed in the first place.
        // INPLACE with LOCK=NONE keeps reads and writes going while InnoDB rebuilds, or fails instead of
        // silently falling back to a blocking table copy.
        StringBuilder sql = new StringBuilder("alter table customers modify column legacy_code ").append(column.type);
        if (column.charset != null) {
            sql.append(" character set ").append(word(column.charset)).append(" collate ").append(word(column.collation));
        }
        sql.append(" null");
        if (!column.comment.isEmpty()) {
            sql.append(" comment '").append(column.comment.replace("\\", "\\\\").replace("'", "''")).append('\'');
        }
        sql.append(", algorithm=inplace, lock=none");
        ctx.execute(sql.toString());
    }

    private record Column(String type, boolean nullable, String charset, String collation, String comment) {
    }

    private static Column read(UpgradeContext ctx) throws SQLException {
        boolean pg = ctx.dialect() == Dialect.POSTGRESQL;
        String sql = pg
                ? "select data_type, is_nullable, null, null, '' from information_schema.columns"
                        + " where table_schema = current_schema() and table_name = ? and column_name = ?"
                : "select column_type, is_nullable, character_set_name, collation_name, column_comment"
                        + " from information_schema.columns"
                        + " where table_schema = database() and table_name = ? and column_name = ?";
        try (PreparedStatement ps = ctx.connection().prepareStatement(sql)) {
            ps.setString(1, TABLE);
            ps.setString(2, COLUMN);
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    return null;
                }
                String comment = rs.getString(5);
                return new Column(rs.getString(1), "YES".equalsIgnoreCase(rs.getString(2)), rs.getString(3),
                        rs.getString(4), comment == null ? "" : comment);
            }
        }
    }

    private static String word(String name) throws SQLException {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new SQLException("unexpected character set or collation name in the catalog: " + name);
        }
        return name;
    }
}
