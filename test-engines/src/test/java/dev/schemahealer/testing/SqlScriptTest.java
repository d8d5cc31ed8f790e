package dev.schemahealer.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class SqlScriptTest {

    @Test
    void splitsStatementsAndDropsComments() {
        String script = "-- heading\ncreate table a (\n    id int -- trailing words stay\n);\n\n-- note\ninsert into a values (1);\n";
        assertEquals(List.of("create table a (\n    id int -- trailing words stay\n)", "insert into a values (1)"),
                SqlScript.split(script));
    }

    @Test
    void refusesAnUnterminatedStatement() {
        assertThrows(IllegalArgumentException.class, () -> SqlScript.split("create table a (id int)\n"));
    }

    @Test
    void namesAMissingResource() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SqlScript.resource("db/nowhere.sql", getClass().getClassLoader()));
        assertEquals("schema script db/nowhere.sql is not on the class path", e.getMessage());
    }
}
