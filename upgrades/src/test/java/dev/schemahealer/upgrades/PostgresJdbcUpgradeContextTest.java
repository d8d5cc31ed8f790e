package dev.schemahealer.upgrades;

import dev.schemahealer.testing.CatalogSnapshot;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.schemahealer.testing.Engine;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** The suite on PostgreSQL, plus what only PostgreSQL has: schemas, quoted case, concurrent index builds. */
class PostgresJdbcUpgradeContextTest extends JdbcUpgradeContextSuite {

    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    // ---------------------------------------------------------------- names

    @Test
    void quotedNamesAreExactAndUnquotedOnesFold() throws SQLException {
        sql("create schema \"Sales\"");
        try (JdbcUpgradeContext ctx = open()) {
            ctx.createTableIfMissing("\"CamelCase\"", "(id int)");
            assertTrue(ctx.tableExists("\"CamelCase\""));
            assertFalse(ctx.tableExists("CamelCase"), "unquoted folds to camelcase, which does not exist yet");

            ctx.createTableIfMissing("CamelCase", "(id int)");
            assertTrue(ctx.tableExists("camelcase"));

            ctx.addColumnIfMissing("\"CamelCase\"", "MixedCol", "int null");
            ctx.addColumnIfMissing("\"CamelCase\"", "\"MixedCol\"", "text null");
            assertTrue(ctx.columnExists("\"CamelCase\"", "mixedcol"));
            assertTrue(ctx.columnExists("\"CamelCase\"", "\"MixedCol\""));
            assertFalse(ctx.columnExists("CamelCase", "\"MixedCol\""));

            ctx.createIndexIfMissing("\"CamelCase\"", "\"Mixed_Ix\"", "\"MixedCol\"");
            assertTrue(ctx.indexExists("\"CamelCase\"", "\"Mixed_Ix\""));
            assertFalse(ctx.indexExists("\"CamelCase\"", "Mixed_Ix"));

            ctx.createTableIfMissing("\"Sales\".\"Orders\"", "(id int)");
            assertTrue(ctx.tableExists("\"Sales\".\"Orders\""));
            assertFalse(ctx.tableExists("\"Sales\".Orders"));
            assertFalse(ctx.tableExists("Sales.\"Orders\""), "unquoted Sales folds to the schema sales");
        }
        CatalogSnapshot catalog = catalog();
        assertTrue(catalog.has("table", "CamelCase"), catalog::toString);
        assertTrue(catalog.has("table", "camelcase"), catalog::toString);
        assertTrue(catalog.has("column", "CamelCase.mixedcol"), catalog::toString);
        assertTrue(catalog.has("column", "CamelCase.MixedCol"), catalog::toString);
        assertTrue(catalog.has("index", "CamelCase.Mixed_Ix"), catalog::toString);
        assertTrue(catalog.has("table", "Sales.Orders"), catalog::toString);
        assertEquals(3, catalog.lines().stream().filter(line -> line.startsWith("table ")).count(), catalog::toString);
    }

    // ---------------------------------------------------------------- schemas

    @Test
    void schemaQualifiedTables() throws SQLException {
        sql("create schema sales");
        try (JdbcUpgradeContext ctx = open()) {
            qualifiedUpgrade(ctx);
            CatalogSnapshot first = catalog();
            qualifiedUpgrade(ctx);
            assertEquals(first, catalog());

            assertTrue(first.has("table", "sales.orders"), first::toString);
            assertTrue(first.has("column", "sales.orders.note"), first::toString);
            assertTrue(first.has("index", "sales.orders.orders_total_ix"), first::toString);
            assertFalse(first.has("table", "orders"), first::toString);

            assertTrue(ctx.tableExists("sales.orders"));
            assertTrue(ctx.columnExists("sales.orders", "total"));
            assertTrue(ctx.indexExists("sales.orders", "orders_total_ix"));
            assertEquals("true", indexValid("sales", "orders_total_ix"));

            // Unqualified means the current schema (public), not some other schema that has the name.
            assertFalse(ctx.tableExists("orders"));
            assertFalse(ctx.columnExists("orders", "total"));
            assertFalse(ctx.indexExists("orders", "orders_total_ix"));

            ctx.createTableIfMissing("orders", "(id int primary key, total int)");
            ctx.createIndexIfMissing("orders", "orders_total_ix", "total");
            assertEquals("true", indexValid("public", "orders_total_ix"));
            CatalogSnapshot both = catalog();
            assertTrue(both.has("table", "orders"), both::toString);
            assertTrue(both.has("index", "orders.orders_total_ix"), both::toString);
            assertFalse(both.has("column", "orders.note"), both::toString);

            // ... and the current schema is whatever search_path makes it.
            ctx.execute("set search_path = sales, public");
            assertTrue(ctx.columnExists("orders", "note"));
            ctx.execute("set search_path = public");
            assertFalse(ctx.columnExists("orders", "note"));
        }
    }

    private static void qualifiedUpgrade(UpgradeContext ctx) throws SQLException {
        ctx.createTableIfMissing("sales.orders", "(id bigint primary key, total numeric(10, 2) not null)");
        ctx.addColumnIfMissing("sales.orders", "note", "text null");
        ctx.createIndexIfMissing("sales.orders", "orders_total_ix", "total");
    }

    /**
     * PostgreSQL keeps tables, indexes and sequences in one namespace: a name taken by an index is
     * no table, and creating the table must fail rather than count as done.
     */
    @Test
    void anUnqualifiedTableResolvesThroughTheSearchPathLikeTheDdlDoes() throws SQLException {
        // The default "$user", public: a schema named after the user comes first, the table lives in public.
        try (JdbcUpgradeContext ctx = open()) {
            ctx.execute("create table public.orders (id bigint primary key)");
            ctx.execute("insert into public.orders values (1)");
            ctx.execute("create schema app");
            ctx.execute("set search_path = app, public");

            assertTrue(ctx.tableExists("orders"));
            ctx.createTableIfMissing("orders", "(id bigint primary key)");
            ctx.addColumnIfMissing("orders", "note", "text null");
            ctx.addColumnIfMissing("orders", "note", "text null");
            ctx.createIndexIfMissing("orders", "orders_note_idx", "note");

            assertFalse(ctx.tableExists("app.orders"), "no second, empty orders shadowing the real one");
            assertTrue(ctx.columnExists("public.orders", "note"));
            assertTrue(ctx.indexExists("public.orders", "orders_note_idx"));
            ctx.execute("set search_path = public");
        }
    }

    @Test
    void createTableIfMissingFailsWhenAnIndexHasTheName() throws SQLException {
        sql("create table customer (id int primary key, code text)", "create index audit on customer (code)");
        try (JdbcUpgradeContext ctx = open()) {
            SQLException e = assertThrows(SQLException.class, () -> ctx.createTableIfMissing("audit", "(id int)"));
            assertNamed(e, UPGRADE_ID, "createTableIfMissing", "audit");
            assertEquals("42P07", e.getSQLState());
            assertFalse(ctx.tableExists("audit"));
        }
    }

    // ---------------------------------------------------------------- no table rewrites

    /**
     * A default PostgreSQL computes per row (volatile: {@code random()}, {@code clock_timestamp()},
     * {@code gen_random_uuid()}, a serial's {@code nextval}) or an identity or stored generated
     * column rewrites the whole table: refused, with what to do, and the table keeps its file.
     */
    @Test
    void aColumnThatWouldRewriteTheTableIsRefusedAndTheTableLeftAlone() throws SQLException {
        sql("create table item (id int primary key, price int)", "insert into item values (1, 10)");
        String file = filenode("item");
        CatalogSnapshot before = catalog();
        List<String[]> rewriting = List.of(
                new String[] {"score", "double precision default random()"},
                new String[] {"seen", "timestamptz not null default clock_timestamp()"},
                new String[] {"token", "uuid default gen_random_uuid()"},
                new String[] {"seq", "bigserial"},
                new String[] {"ident", "int generated always as identity"},
                new String[] {"doubled", "int generated always as (price * 2) stored"});
        try (JdbcUpgradeContext ctx = open()) {
            for (String[] column : rewriting) {
                SQLException e = assertThrows(SQLException.class,
                        () -> ctx.addColumnIfMissing("item", column[0], column[1]), column[1]);
                assertNamed(e, UPGRADE_ID, "addColumnIfMissing", "item." + column[0]);
                assertEquals("0A000", e.getSQLState());
                String message = e.getMessage();
                for (String part : List.of("PostgreSQL would rewrite item to add column " + column[0] + " " + column[1],
                        "never rewrite a table", "execute(\"alter table ...\")", "What blocks")) {
                    assertTrue(message.contains(part), message);
                }
                assertFalse(ctx.columnExists("item", column[0]));
            }
        }
        assertEquals(before, catalog());
        assertEquals(file, filenode("item"), "the table was rewritten");
        assertEquals("0", queryString(connection,
                "select count(*) from pg_class where relname like 'schemahealer_rewrite_probe%'"));
    }

    /**
     * Constant and stable defaults, NOT NULL with a constant default (PostgreSQL 11+ keeps it in
     * the catalog) and a foreign key add the column without a rewrite, in autocommit and inside a
     * transaction; the trial leaves nothing behind.
     */
    @Test
    void aColumnWithAConstantDefaultIsAddedWithoutARewrite() throws SQLException {
        sql("create table owner (id int primary key)", "insert into owner values (1)",
                "create table item (id int primary key)", "insert into item values (1)");
        String file = filenode("item");
        try (JdbcUpgradeContext ctx = open()) {
            ctx.addColumnIfMissing("item", "score", "int not null default 0");
            ctx.addColumnIfMissing("item", "added", "timestamptz default now()");
            ctx.addColumnIfMissing("item", "owner_id", "int default 1 references owner (id)");
            connection.setAutoCommit(false);
            try {
                ctx.addColumnIfMissing("item", "code", "varchar(8) not null default 'x'");
                SQLException e = assertThrows(SQLException.class,
                        () -> ctx.addColumnIfMissing("item", "r", "float default random()"));
                assertEquals("0A000", e.getSQLState());
                connection.commit(); // the refusal did not abort the caller's transaction
            } finally {
                connection.setAutoCommit(true);
            }
            assertTrue(ctx.columnExists("item", "code"));
            assertFalse(ctx.columnExists("item", "r"));
        }
        assertEquals(file, filenode("item"), "the table was rewritten");
        assertEquals("0", queryString(connection, "select score from item"));
        assertEquals("x", queryString(connection, "select code from item"));
        assertEquals("1", queryString(connection, "select owner_id from item"));
        assertEquals("0", queryString(connection,
                "select count(*) from pg_class where relname like 'schemahealer_rewrite_probe%'"));
    }

    /**
     * A table owner without CREATE on its schema (PostgreSQL 15 grants none on public) still gets
     * the trial: on a temporary table, which only a foreign key would stop.
     */
    @Test
    void anOwnerWithoutCreateOnTheSchemaIsStillCheckedForRewrites() throws SQLException {
        String role = "owner_" + db.name().replaceAll("[^a-z0-9_]", "");
        sql("create schema shop", "create table shop.item (id int primary key)", "insert into shop.item values (1)",
                "create role " + role, "alter table shop.item owner to " + role, "grant usage on schema shop to " + role,
                "revoke create on schema shop from " + role);
        String file = filenode("shop.item");
        try (JdbcUpgradeContext ctx = open()) {
            sql("set role " + role);
            ctx.addColumnIfMissing("shop.item", "score", "int not null default 0");
            SQLException e = assertThrows(SQLException.class,
                    () -> ctx.addColumnIfMissing("shop.item", "r", "float default random()"));
            assertEquals("0A000", e.getSQLState(), e::toString);
            assertTrue(ctx.columnExists("shop.item", "score"));
            assertFalse(ctx.columnExists("shop.item", "r"));
            assertEquals(file, filenode("shop.item"), "the table was rewritten");
        } finally {
            sql("reset role");
            sql("drop schema shop cascade", "drop role " + role);
        }
    }

    private String filenode(String table) throws SQLException {
        return queryString(connection, "select pg_relation_filenode('" + table + "')");
    }

    // ---------------------------------------------------------------- online index builds

    /**
     * In autocommit the index is built CONCURRENTLY: while the build waits for an older writing
     * transaction, it holds only SHARE UPDATE EXCLUSIVE, and other writers go on. A plain CREATE
     * INDEX would queue for SHARE and block every writer behind it.
     */
    @Test
    void createIndexIfMissingBuildsConcurrentlyWithoutBlockingWriters() throws Exception {
        sql("create table item (id int primary key, code text)", "insert into item values (1, 'a')");
        Connection holder = anotherConnection();
        holder.setAutoCommit(false);
        sql(holder, "insert into item values (2, 'b')"); // an open transaction holding ROW EXCLUSIVE
        int builderPid = Integer.parseInt(queryString(connection, "select pg_backend_pid()"));

        Future<Void> build = inBackground(() -> {
            try (JdbcUpgradeContext ctx = open(HANG, UPGRADE_ID)) {
                ctx.createIndexIfMissing("item", "item_code_ix", "code");
            }
            return null;
        });

        Connection observer = anotherConnection();
        awaitWaitingForALock(observer, builderPid, build);
        assertEquals("ShareUpdateExclusiveLock", tableLockHeld(observer, builderPid, "item"),
                "the lock the build holds on the table while it waits");

        Connection writer = anotherConnection();
        sql(writer, "set lock_timeout = '3s'"); // a writer blocked by the build fails instead of hanging
        sql(writer, "insert into item values (3, 'c')");

        holder.commit();
        build.get(HANG.toSeconds(), TimeUnit.SECONDS);
        assertEquals("true", indexValid("public", "item_code_ix"));
        assertEquals("3", queryString(connection, "select count(*) from item"));
    }

    /** Inside a transaction CONCURRENTLY is not allowed: the build is a plain one, part of the transaction. */
    @Test
    void createIndexIfMissingInsideATransactionIsPartOfIt() throws SQLException {
        sql("create table item (id int primary key, code text)");
        connection.setAutoCommit(false);
        try (JdbcUpgradeContext ctx = open()) {
            ctx.createIndexIfMissing("item", "item_code_ix", "code");
            assertTrue(ctx.indexExists("item", "item_code_ix"));
            connection.rollback();
            assertFalse(ctx.indexExists("item", "item_code_ix"));
        } finally {
            connection.setAutoCommit(true);
        }
    }

    /** A unique concurrent build that meets duplicates leaves an invalid index behind; the helper rebuilds it. */
    @Test
    void anInvalidIndexLeftByAFailedConcurrentBuildIsRebuilt() throws SQLException {
        sql("create table item (id int primary key, code text)", "insert into item values (1, 'dup'), (2, 'dup')");
        SQLException duplicate = assertThrows(SQLException.class,
                () -> sql("create unique index concurrently item_code_ix on item (code)"));
        assertEquals("23505", duplicate.getSQLState());
        assertEquals("false", indexValid("public", "item_code_ix"));
        String invalidOid = indexOid("item_code_ix");
        sql("delete from item where id = 2");

        try (JdbcUpgradeContext ctx = open()) {
            ctx.createIndexIfMissing("item", "item_code_ix", "code");
            assertTrue(ctx.indexExists("item", "item_code_ix"));
        }
        assertEquals("true", indexValid("public", "item_code_ix"));
        assertEquals("true", queryString(connection,
                "select indisready::text from pg_index where indexrelid = 'item_code_ix'::regclass"));
        assertNotEquals(invalidOid, indexOid("item_code_ix"), "rebuilt, not kept");
        CatalogSnapshot catalog = catalog();
        assertEquals(1, catalog.lines().stream().filter(line -> line.startsWith("index item.item_code_ix ")).count(),
                catalog::toString);
    }

    /**
     * A table without committed rows gets a plain build (a concurrent one would wait for every older
     * transaction in the database): it waits for a writer at most the lock timeout, leaves nothing
     * behind, and the retry after the writer ended builds it.
     */
    @Test
    void anIndexOnATableWithoutRowsWaitsForAWriterOnlyTheLockTimeout() throws Exception {
        sql("create table item (id int primary key, code text)");
        Connection holder = anotherConnection();
        holder.setAutoCommit(false);
        sql(holder, "insert into item values (1, 'a')");

        try (JdbcUpgradeContext ctx = open(LOCK_TIMEOUT, UPGRADE_ID)) {
            SQLException e = failsBlocked(holder, () -> ctx.createIndexIfMissing("item", "item_code_ix", "code"));
            assertNamed(e, UPGRADE_ID, "createIndexIfMissing", "item.item_code_ix");
            assertEquals("55P03", e.getSQLState());
            assertEquals(null, indexValid("public", "item_code_ix"));

            holder.commit();
            ctx.createIndexIfMissing("item", "item_code_ix", "code");
        }
        assertEquals("true", indexValid("public", "item_code_ix"));
    }

    // ---------------------------------------------------------------- support

    /** {@code pg_index.indisvalid} of the index as text, or {@code null} if there is none. */
    private String indexValid(String schema, String index) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement("select x.indisvalid::text from pg_index x"
                + " join pg_class i on i.oid = x.indexrelid join pg_namespace n on n.oid = i.relnamespace"
                + " where n.nspname = ? and i.relname = ?")) {
            ps.setString(1, schema);
            ps.setString(2, index);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    private String indexOid(String index) throws SQLException {
        return queryString(connection, "select '" + index + "'::regclass::oid");
    }

    /** Waits until backend {@code pid} waits for a lock; fails if {@code task} ends first or it takes too long. */
    private static void awaitWaitingForALock(Connection observer, int pid, Future<?> task) throws Exception {
        long deadline = System.nanoTime() + HANG.toNanos();
        while (System.nanoTime() < deadline) {
            try (PreparedStatement ps = observer.prepareStatement(
                    "select count(*) from pg_locks where pid = ? and not granted")) {
                ps.setInt(1, pid);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
            if (task.isDone()) {
                task.get(); // its failure, if any
                fail("the index build ended without waiting for the open transaction");
            }
            Thread.sleep(50);
        }
        fail("backend " + pid + " never waited for a lock");
    }

    /** The granted lock mode {@code pid} holds on {@code table}, or {@code null}; fails if it holds several. */
    private static String tableLockHeld(Connection observer, int pid, String table) throws SQLException {
        try (PreparedStatement ps = observer.prepareStatement("select distinct mode from pg_locks"
                + " where pid = ? and locktype = 'relation' and relation = ?::regclass and granted")) {
            ps.setInt(1, pid);
            ps.setString(2, table);
            try (ResultSet rs = ps.executeQuery()) {
                String mode = rs.next() ? rs.getString(1) : null;
                if (rs.next()) {
                    return fail("more than one lock mode held on " + table);
                }
                return mode;
            }
        }
    }
}
