package dev.schemahealer.agent;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.upgrades.SchemaObject.Kind;
import org.junit.jupiter.api.Test;

class PostgresMissClassifierTest extends MissClassifierEngineSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Test
    void quotedMixedCaseColumn() {
        assertMiss(Kind.COLUMN, null, "phone", error("select \"Phone\" from customers"));
    }

    @Test
    void relationInAnotherSchema() throws Exception {
        run("create schema sales");
        assertMiss(Kind.TABLE, null, "orders", error("select * from sales.orders"));
    }

    @Test
    void sameCodesThatAreBugsNotMisses() {
        assertNotAMiss(error("select x.id from customers"));            // 42P01 missing FROM-clause entry
        assertNotAMiss(error("select 1 from customers where id = 'a'::text")); // 42883 operator does not exist
        // 42P01 "invalid reference to FROM-clause entry for table": the table exists, the query is wrong.
        assertNotAMiss(error("select customers.id from customers c"));
    }

    @Test
    void aFieldMissingFromACompositeTypeIsNoSchemaMiss() throws Exception {
        run("create type pair as (a int)");
        // 42703 "column \"b\" not found in data type pair"
        assertNotAMiss(error("select (row(1)::pair).b"));
    }
}
