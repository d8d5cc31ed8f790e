package dev.schemahealer.upgrades;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the catalog says about the test database's own objects, one sorted line per table, column,
 * index (and, on PostgreSQL, constraint): {@code column t.phone type=... not_null=false default=...}.
 *
 * <p>Tables in the current schema (database) are named bare, others {@code schema.table}. On
 * PostgreSQL the lines carry the object's oid, so a dropped and recreated object shows as a change.
 */
final class CatalogSnapshot {

    private static final String PG_USER_SCHEMAS =
            " n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_%'";
    private static final String PG_TABLE_NAME =
            " case when n.nspname = current_schema() then '' else n.nspname || '.' end || c.relname";

    private static final String[] POSTGRESQL = {
        "select 'table' as kind," + PG_TABLE_NAME + " as name, c.relkind as relkind, c.oid as oid"
                + " from pg_catalog.pg_class c join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                + " where c.relkind in ('r', 'p', 'v', 'm', 'f') and" + PG_USER_SCHEMAS,
        "select 'column' as kind," + PG_TABLE_NAME + " || '.' || a.attname as name, a.attnum as position,"
                + " format_type(a.atttypid, a.atttypmod) as type, a.attnotnull as not_null,"
                + " pg_get_expr(d.adbin, d.adrelid) as default"
                + " from pg_catalog.pg_attribute a join pg_catalog.pg_class c on c.oid = a.attrelid"
                + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace"
                + " left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum"
                + " where a.attnum > 0 and not a.attisdropped and c.relkind in ('r', 'p', 'v', 'm', 'f') and"
                + PG_USER_SCHEMAS,
        "select 'index' as kind," + PG_TABLE_NAME + " || '.' || i.relname as name, i.oid as oid,"
                + " x.indisvalid as valid, x.indisready as ready, pg_get_indexdef(x.indexrelid) as definition"
                + " from pg_catalog.pg_index x join pg_catalog.pg_class i on i.oid = x.indexrelid"
                + " join pg_catalog.pg_class c on c.oid = x.indrelid"
                + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace where" + PG_USER_SCHEMAS,
        "select 'constraint' as kind," + PG_TABLE_NAME + " || '.' || k.conname as name, k.contype as type,"
                + " pg_get_constraintdef(k.oid) as definition"
                + " from pg_catalog.pg_constraint k join pg_catalog.pg_class c on c.oid = k.conrelid"
                + " join pg_catalog.pg_namespace n on n.oid = c.relnamespace where" + PG_USER_SCHEMAS,
    };

    private static final String MYSQL_TABLE_NAME =
            " concat(case when table_schema = database() then '' else concat(table_schema, '.') end, table_name)";
    private static final String MYSQL_OWN_SCHEMA = " table_schema = database()";

    private static final String[] MYSQL = {
        "select 'table' as kind," + MYSQL_TABLE_NAME + " as name, table_type, engine"
                + " from information_schema.tables where" + MYSQL_OWN_SCHEMA,
        "select 'column' as kind, concat(" + MYSQL_TABLE_NAME + ", '.', column_name) as name, ordinal_position,"
                + " column_type, is_nullable, column_default, extra"
                + " from information_schema.columns where" + MYSQL_OWN_SCHEMA,
        "select 'index' as kind, concat(" + MYSQL_TABLE_NAME + ", '.', index_name) as name, seq_in_index,"
                + " column_name, non_unique, sub_part, index_type"
                + " from information_schema.statistics where" + MYSQL_OWN_SCHEMA,
    };

    private CatalogSnapshot() {}

    /** The current schema's (database's) objects, and on PostgreSQL those of every other user schema. */
    static List<String> take(Connection connection, Dialect dialect) throws SQLException {
        return take(connection, dialect == Dialect.POSTGRESQL ? POSTGRESQL : MYSQL);
    }

    /** Like {@link #take(Connection, Dialect)}, but on MySQL for another database of the same server. */
    static List<String> takeOf(Connection connection, String database) throws SQLException {
        String[] queries = new String[MYSQL.length];
        for (int i = 0; i < MYSQL.length; i++) {
            queries[i] = MYSQL[i].replace("database()", "'" + database.replace("'", "''") + "'");
        }
        return take(connection, queries);
    }

    /** True if a line for {@code kind name} exists, for example {@code has(s, "column", "t.phone")}. */
    static boolean has(List<String> snapshot, String kind, String name) {
        String prefix = kind + " " + name + " ";
        return snapshot.stream().anyMatch(line -> line.startsWith(prefix));
    }

    private static List<String> take(Connection connection, String[] queries) throws SQLException {
        List<String> lines = new ArrayList<>();
        try (Statement st = connection.createStatement()) {
            for (String query : queries) {
                try (ResultSet rs = st.executeQuery(query)) {
                    ResultSetMetaData meta = rs.getMetaData();
                    while (rs.next()) {
                        StringBuilder line = new StringBuilder(rs.getString(1)).append(' ').append(rs.getString(2));
                        for (int i = 3; i <= meta.getColumnCount(); i++) {
                            line.append(' ').append(meta.getColumnLabel(i).toLowerCase(Locale.ROOT)).append('=')
                                    .append(rs.getString(i));
                        }
                        lines.add(line.toString());
                    }
                }
            }
        }
        lines.sort(null);
        return lines;
    }
}
