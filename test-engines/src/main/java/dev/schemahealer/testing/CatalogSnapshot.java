package dev.schemahealer.testing;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * What the catalog says about a database's own objects, one sorted line per table, column, index,
 * constraint and function: {@code column t.phone type=... not_null=false default=...}. Two
 * snapshots compare with {@code equals}; {@link #diff} shows how they differ.
 *
 * <p>Tables in the current schema (database) are named bare, others {@code schema.table}. On
 * PostgreSQL the lines carry the object's oid, and every line its column position, so a dropped
 * and recreated object shows as a change within one database; {@link #portable()} drops both to
 * compare two databases (a column an upgrade adds always comes last).
 */
public record CatalogSnapshot(List<String> lines) {

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
                + " pg_get_expr(d.adbin, d.adrelid) as default, a.attidentity as identity"
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
        "select 'function' as kind, case when n.nspname = current_schema() then '' else n.nspname || '.' end"
                + " || p.proname || '(' || pg_get_function_identity_arguments(p.oid) || ')' as name, p.oid as oid,"
                + " pg_get_function_result(p.oid) as returns, md5(p.prosrc) as body"
                + " from pg_catalog.pg_proc p join pg_catalog.pg_namespace n on n.oid = p.pronamespace"
                + " where p.prokind in ('f', 'p') and" + PG_USER_SCHEMAS,
    };

    private static final String MYSQL_TABLE_NAME =
            " concat(case when table_schema = database() then '' else concat(table_schema, '.') end, table_name)";
    private static final String MYSQL_OWN_SCHEMA = " table_schema = database()";

    private static final String[] MYSQL = {
        "select 'table' as kind," + MYSQL_TABLE_NAME + " as name, table_type, engine, table_collation"
                + " from information_schema.tables where" + MYSQL_OWN_SCHEMA,
        "select 'column' as kind, concat(" + MYSQL_TABLE_NAME + ", '.', column_name) as name, ordinal_position,"
                + " column_type, is_nullable, column_default, extra, collation_name"
                + " from information_schema.columns where" + MYSQL_OWN_SCHEMA,
        "select 'index' as kind, concat(" + MYSQL_TABLE_NAME + ", '.', index_name) as name, seq_in_index,"
                + " column_name, non_unique, sub_part, index_type"
                + " from information_schema.statistics where" + MYSQL_OWN_SCHEMA,
        "select 'constraint' as kind, concat(" + MYSQL_TABLE_NAME + ", '.', constraint_name) as name, constraint_type"
                + " from information_schema.table_constraints where" + MYSQL_OWN_SCHEMA,
        "select 'function' as kind, routine_name as name, routine_type, dtd_identifier, md5(routine_definition) as body"
                + " from information_schema.routines where routine_schema = database()",
    };

    /** The attributes that name one object's incarnation in one database: its oid, its column position. */
    private static final Pattern IDENTITY = Pattern.compile(" (oid|position|ordinal_position|seq_in_index)=\\S*");
    /** PostgreSQL qualifies an index's table with its schema: {@code ON demo.orders}. */
    private static final Pattern INDEX_SCHEMA = Pattern.compile("( ON (ONLY )?)[^ .]+\\.");

    public CatalogSnapshot {
        lines = List.copyOf(lines);
    }

    /** The current schema's (database's) objects, and on PostgreSQL those of every other user schema. */
    public static CatalogSnapshot take(Connection connection) throws SQLException {
        return take(connection, isPostgres(connection) ? POSTGRESQL : MYSQL);
    }

    /**
     * Only the current schema's objects: on PostgreSQL, where {@link #take} sees every user schema of
     * the database, for a schema that shares its database with others; on MySQL the same as {@link #take}.
     */
    public static CatalogSnapshot takeCurrentSchema(Connection connection) throws SQLException {
        if (!isPostgres(connection)) {
            return take(connection, MYSQL);
        }
        String[] queries = new String[POSTGRESQL.length];
        for (int i = 0; i < POSTGRESQL.length; i++) {
            queries[i] = POSTGRESQL[i].replace(PG_USER_SCHEMAS, " n.nspname = current_schema()");
        }
        return take(connection, queries);
    }

    /** Like {@link #take(Connection)}, but on MySQL for another database of the same server. */
    public static CatalogSnapshot takeOf(Connection connection, String database) throws SQLException {
        String[] queries = new String[MYSQL.length];
        for (int i = 0; i < MYSQL.length; i++) {
            queries[i] = MYSQL[i].replace("database()", "'" + database.replace("'", "''") + "'");
        }
        return take(connection, queries);
    }

    /** True if a line for {@code kind name} exists, for example {@code has("column", "t.phone")}. */
    public boolean has(String kind, String name) {
        String prefix = kind + " " + name + " ";
        return lines.stream().anyMatch(line -> line.startsWith(prefix));
    }

    /**
     * Without oids, column positions and the schema in index definitions: what must be equal
     * between a database healed from an older schema and a fresh install of the new one (perhaps in
     * another schema). An index's column order stays, in its definition or column list.
     */
    public CatalogSnapshot portable() {
        Set<String> portable = new TreeSet<>();
        for (String line : lines) {
            portable.add(line.startsWith("index ") && !line.contains(" definition=")
                    ? line // MySQL: one line per index column; seq_in_index tells them apart
                    : INDEX_SCHEMA.matcher(IDENTITY.matcher(line).replaceAll("")).replaceAll("$1"));
        }
        return new CatalogSnapshot(new ArrayList<>(portable));
    }

    /** Without the table {@code name} (bare, as in the lines) and its columns, indexes and constraints. */
    public CatalogSnapshot without(String table) {
        return new CatalogSnapshot(lines.stream().filter(line -> {
            String name = line.split(" ", 3)[1];
            return line.startsWith("function ") || !(name.equals(table) || name.startsWith(table + "."));
        }).toList());
    }

    /** Lines only in this snapshot ({@code "- "}), then those only in {@code other} ({@code "+ "}); empty when equal. */
    public List<String> diff(CatalogSnapshot other) {
        Set<String> mine = new TreeSet<>(lines);
        Set<String> theirs = new TreeSet<>(other.lines);
        List<String> diff = new ArrayList<>();
        for (String line : mine) {
            if (!theirs.contains(line)) {
                diff.add("- " + line);
            }
        }
        for (String line : theirs) {
            if (!mine.contains(line)) {
                diff.add("+ " + line);
            }
        }
        return diff;
    }

    @Override
    public String toString() {
        return String.join("\n", lines);
    }

    private static boolean isPostgres(Connection connection) throws SQLException {
        return connection.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("postgres");
    }

    private static CatalogSnapshot take(Connection connection, String[] queries) throws SQLException {
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
        return new CatalogSnapshot(lines);
    }
}
