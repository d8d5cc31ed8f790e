package dev.schemahealer.sample;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.upgrades.Dialect;
import java.util.List;
import org.junit.jupiter.api.Test;

class SchemaScriptTest {

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
