package dev.schemahealer.sample;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.upgrades.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaScriptTest {

    @Test
    void splitsStatementsAndDropsComments() {
        String script = "-- heading\ncreate table a (\n    id int -- trailing words stay\n);\n\n-- note\ninsert into a values (1);\n";
        assertEquals(List.of("create table a (\n    id int -- trailing words stay\n)", "insert into a values (1)"),
                SchemaScript.split(script));
    }

    @Test
    void refusesAnUnterminatedStatement() {
        assertThrows(IllegalArgumentException.class, () -> SchemaScript.split("create table a (id int)\n"));
    }

    @Test
    void everyScriptExistsForEveryEngine() {
        for (SchemaScript script : SchemaScript.values()) {
            for (Dialect dialect : Dialect.values()) {
                List<String> statements = script.statements(dialect);
                assertTrue(statements.size() >= 2, script + " " + dialect);
                assertTrue(statements.get(0).startsWith("create table customers"), statements.get(0));
            }
        }
    }
}
