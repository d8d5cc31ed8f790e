package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testing.TestDatabase;
import dev.schemahealer.upgrades.SchemaObject.Kind;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Classification of the errors real engines raise, messages captured live (no agent): the codes
 * decide, the names come out of each engine's real message forms.
 */
abstract class MissClassifierEngineSuite {

    TestDatabase db;
    Connection c;

    abstract Engine engine();

    @BeforeEach
    void schema() throws SQLException {
        db = TestDatabase.create(engine());
        c = db.connect();
        run("create table customers (id bigint primary key, name varchar(100) not null)");
        run("insert into customers (id, name) values (1, 'first')");
    }

    @AfterEach
    void drop() throws SQLException {
        c.close();
        db.close();
    }

    void run(String sql) throws SQLException {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        }
    }

    SQLException error(String sql) {
        try (Statement st = c.createStatement()) {
            st.execute(sql);
        } catch (SQLException e) {
            return e;
        }
        throw new AssertionError("no error from " + sql);
    }

    static void assertMiss(Kind kind, String table, String name, SQLException e) {
        Miss miss = MissClassifier.classify(e);
        assertNotNull(miss, "not classified as a miss: " + e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage());
        assertEquals(kind, miss.kind(), e.getMessage());
        assertEquals(table, miss.table(), e.getMessage());
        assertEquals(name, miss.name(), e.getMessage());
    }

    static void assertNotAMiss(SQLException e) {
        assertNull(MissClassifier.classify(e), e.getSQLState() + " " + e.getErrorCode() + " " + e.getMessage());
    }

    @Test
    void columnMissingInAnInsert() {
        SQLException e = error("insert into customers (id, name, phone) values (2, 'b', '+41')");
        assertMiss(Kind.COLUMN, engine() == Engine.POSTGRESQL ? "customers" : null, "phone", e);
    }

    @Test
    void columnMissingWithAnAlias() {
        assertMiss(Kind.COLUMN, "c", "phone", error("select c.phone from customers c"));
    }

    @Test
    void columnMissingWithoutQualifier() {
        assertMiss(Kind.COLUMN, null, "phone", error("select phone from customers where id = 1"));
    }

    @Test
    void columnMissingInAnUpdateWithTheTableName() {
        assertMiss(Kind.COLUMN, engine() == Engine.POSTGRESQL ? "customers" : null, "phone",
                error("update customers set phone = 'x' where customers.id = 1"));
    }

    @Test
    void tableMissing() {
        assertMiss(Kind.TABLE, null, "orders", error("select * from orders"));
    }

    @Test
    void qualifiedTableMissing() throws SQLException {
        String qualified = engine() == Engine.POSTGRESQL ? "public.orders" : db.name() + ".orders";
        assertMiss(Kind.TABLE, null, "orders", error("select * from " + qualified));
    }

    @Test
    void functionMissingWithArguments() {
        assertMiss(Kind.FUNCTION, null, "fn_total", error("select fn_total(1, 'x')"));
    }

    @Test
    void notNullColumnTheNewCodeNoLongerWrites() {
        // PostgreSQL 23502 names the table; MySQL 1364 does not.
        assertMiss(Kind.NULLABLE, engine() == Engine.POSTGRESQL ? "customers" : null, "name",
                error("insert into customers (id) values (3)"));
    }

    @Test
    void explicitNullIntoANotNullColumn() {
        assertMiss(Kind.NULLABLE, engine() == Engine.POSTGRESQL ? "customers" : null, "name",
                error("insert into customers (id, name) values (3, null)"));
    }

    @Test
    void otherErrorsAreNotMisses() {
        assertNotAMiss(error("selec 1"));
        assertNotAMiss(error("insert into customers (id, name) values (1, 'duplicate')"));
        assertNotAMiss(error("insert into customers (id, name) values ('abc', 'x')"));
    }

    @Test
    void aMissInsideABatchIsFoundInTheChain() throws SQLException {
        try (Statement st = c.createStatement()) {
            st.addBatch("insert into customers (id, name) values (10, 'a')");
            st.addBatch("insert into customers (id, name, phone) values (11, 'b', 'x')");
            st.executeBatch();
            fail("the batch should fail");
        } catch (java.sql.BatchUpdateException e) {
            assertEquals("phone", MissClassifier.classify(e).name(), e.getMessage());
        }
    }
}
