package dev.schemahealer.upgrades;

import dev.schemahealer.testing.CatalogSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;

import java.sql.SQLException;
import java.util.List;
import java.util.Locale;

import org.junit.jupiter.api.Test;

/**
 * The suite on the MySQL family (embedded MariaDB unless {@code SCHEMAHEALER_TEST_MYSQL_URL} names a
 * server), plus what only MySQL has: database-qualified tables, case-sensitive table names.
 */
class MysqlJdbcUpgradeContextTest extends JdbcUpgradeContextSuite {

    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    /** With lower_case_table_names=0 (Linux), table names are case-sensitive; column and index names never are. */
    @Test
    void tableNamesAreCaseSensitiveColumnAndIndexNamesAreNot() throws SQLException {
        assumeTrue("0".equals(queryString(connection, "select @@lower_case_table_names")),
                "table names are case-insensitive on this server");
        try (JdbcUpgradeContext ctx = open()) {
            ctx.createTableIfMissing("CamelCase", "(Id int)");
            assertTrue(ctx.tableExists("CamelCase"));
            assertTrue(ctx.tableExists("`CamelCase`"));
            assertTrue(ctx.tableExists("\"CamelCase\""));
            assertFalse(ctx.tableExists("camelcase"));

            ctx.createTableIfMissing("camelcase", "(id int)");
            assertTrue(ctx.tableExists("camelcase"));

            ctx.addColumnIfMissing("CamelCase", "MixedCol", "int null");
            CatalogSnapshot first = catalog();
            assertTrue(ctx.columnExists("CamelCase", "mixedcol"));
            ctx.addColumnIfMissing("CamelCase", "MIXEDCOL", "int null"); // the same column to MySQL: nothing to do
            assertEquals(first, catalog());

            ctx.createIndexIfMissing("CamelCase", "Mixed_Ix", "MixedCol");
            assertTrue(ctx.indexExists("CamelCase", "mixed_ix"));
            CatalogSnapshot withIndex = catalog();
            ctx.createIndexIfMissing("CamelCase", "MIXED_IX", "MixedCol");
            assertEquals(withIndex, catalog());

            assertTrue(first.has("table", "CamelCase"), first::toString);
            assertTrue(first.has("table", "camelcase"), first::toString);
            assertTrue(first.has("column", "CamelCase.MixedCol"), first::toString);
            assertTrue(withIndex.has("index", "CamelCase.Mixed_Ix"), withIndex::toString);
        }
    }

    /** {@code database.table} names another database of the server; unqualified means the connection's own. */
    @Test
    void databaseQualifiedTables() throws SQLException {
        try (TestDatabase other = TestDatabase.create(Engine.MYSQL); JdbcUpgradeContext ctx = open()) {
            String orders = other.name() + ".orders";
            qualifiedUpgrade(ctx, orders);
            CatalogSnapshot first = CatalogSnapshot.takeOf(connection, other.name());
            qualifiedUpgrade(ctx, orders);
            assertEquals(first, CatalogSnapshot.takeOf(connection, other.name()));

            assertTrue(first.has("table", "orders"), first::toString);
            assertTrue(first.has("column", "orders.note"), first::toString);
            assertTrue(first.has("index", "orders.orders_total_ix"), first::toString);
            assertTrue(ctx.tableExists(orders));
            assertTrue(ctx.tableExists("`" + other.name() + "`.`orders`"));
            assertTrue(ctx.columnExists(orders, "total"));
            assertTrue(ctx.indexExists(orders, "orders_total_ix"));

            assertFalse(ctx.tableExists("orders"));
            assertFalse(ctx.columnExists("orders", "total"));
            assertFalse(ctx.indexExists("orders", "orders_total_ix"));
            assertTrue(catalog().lines().isEmpty(), "nothing in the connection's own database");

            ctx.createTableIfMissing("orders", "(id int primary key, total int)");
            ctx.createIndexIfMissing("orders", "orders_total_ix", "total");
            CatalogSnapshot own = catalog();
            assertTrue(own.has("table", "orders"), own::toString);
            assertTrue(own.has("index", "orders.orders_total_ix"), own::toString);
            assertFalse(own.has("column", "orders.note"), own::toString);
        }
    }

    // ---------------------------------------------------------------- no table rewrites

    /** A column is added in the catalog only ({@code ALGORITHM=INSTANT}): the table keeps its InnoDB table id. */
    @Test
    void aPlainTableGetsTheColumnInstantly() throws SQLException {
        assumeInstantAdd();
        sql("create table plain (id int primary key, body text)", "insert into plain values (1, 'kept')");
        String tableId = innodbTableId("plain");
        try (JdbcUpgradeContext ctx = open()) {
            ctx.addColumnIfMissing("plain", "note", "varchar(10) not null default 'n/a'");
            assertTrue(ctx.columnExists("plain", "note"));
        }
        assertEquals(tableId, innodbTableId("plain"), "the table was rebuilt");
        assertEquals("n/a", queryString(connection, "select note from plain where id = 1"));
    }

    /**
     * Where the engine cannot add a column instantly (a FULLTEXT index, ROW_FORMAT=COMPRESSED) the
     * helper fails with what to do, and the table is untouched: without ALGORITHM=INSTANT the
     * server would silently rebuild it.
     */
    @Test
    void aTableTheEngineWouldRebuildIsRefusedAndLeftUnchanged() throws SQLException {
        assumeInstantAdd();
        sql("create table article (id int primary key, body text, fulltext key article_body (body)) engine=innodb",
                "insert into article values (1, 'kept')");
        String tableId = innodbTableId("article");
        CatalogSnapshot before = catalog();
        try (JdbcUpgradeContext ctx = open()) {
            SQLException e = assertThrows(SQLException.class,
                    () -> ctx.addColumnIfMissing("article", "note", "varchar(10) null"));
            assertNamed(e, UPGRADE_ID, "addColumnIfMissing", "article.note");
            assertEquals(1845, e.getErrorCode(), e::toString);
            String message = e.getMessage();
            for (String part : List.of("cannot add column note to article without rebuilding the table",
                    "ALGORITHM=INSTANT", "never rewrite a table", "execute(\"alter table ...\")", "What blocks")) {
                assertTrue(message.contains(part), message);
            }
            assertFalse(ctx.columnExists("article", "note"));
        }
        assertEquals(before, catalog());
        assertEquals(tableId, innodbTableId("article"), "the table was rebuilt");
        assertEquals("kept", queryString(connection, "select body from article where id = 1"));
    }

    /** MySQL 8.0.12+ and MariaDB 10.3+ add columns instantly; older servers get INPLACE, LOCK=NONE. */
    private void assumeInstantAdd() throws SQLException {
        String version = queryString(connection, "select version()");
        String[] v = version.split("[.-]");
        int number = Integer.parseInt(v[0]) * 1_000_000 + Integer.parseInt(v[1]) * 1_000 + Integer.parseInt(v[2]);
        boolean mariadb = version.toLowerCase(Locale.ROOT).contains("mariadb");
        assumeTrue(number >= (mariadb ? 10_003_000 : 8_000_012), "no instant column add on " + version);
    }

    /** InnoDB's id of the table: a rebuild (INPLACE or COPY) makes a new table with a new id. */
    private String innodbTableId(String table) throws SQLException {
        String name = db.name() + "/" + table;
        try {
            return queryString(connection,
                    "select table_id from information_schema.innodb_sys_tables where name = '" + name + "'");
        } catch (SQLException mysql) { // MySQL 8 renamed the view
            return queryString(connection,
                    "select table_id from information_schema.innodb_tables where name = '" + name + "'");
        }
    }

    private static void qualifiedUpgrade(UpgradeContext ctx, String table) throws SQLException {
        ctx.createTableIfMissing(table, "(id bigint primary key, total decimal(10, 2) not null)");
        ctx.addColumnIfMissing(table, "note", "text null");
        ctx.createIndexIfMissing(table, "orders_total_ix", "total");
    }
}
