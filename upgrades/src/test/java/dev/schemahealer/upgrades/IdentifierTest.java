package dev.schemahealer.upgrades;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class IdentifierTest {

    @Test
    void unquotedFoldsToLowerCaseOnPostgresql() {
        Identifier id = Identifier.parse("Users", Dialect.POSTGRESQL);
        assertNull(id.schema);
        assertEquals("users", id.name);
        assertEquals("\"users\"", id.sql());
        assertEquals("users", id.toString());
    }

    @Test
    void postgresqlFoldsOnlyAsciiLetters() {
        // As the server does in a UTF-8 database: `create table ÖlPreis` makes "Ölpreis".
        assertEquals("Ölpreis", Identifier.exact("ÖlPreis", Dialect.POSTGRESQL));
        assertEquals("id_x", Identifier.exact("ID_X", Dialect.POSTGRESQL));
    }

    @ParameterizedTest
    @EnumSource(value = Dialect.class, names = {"MYSQL", "MARIADB"})
    void unquotedIsKeptAsWrittenOnMysql(Dialect dialect) {
        Identifier id = Identifier.parse("Users", dialect);
        assertNull(id.schema);
        assertEquals("Users", id.name);
        assertEquals("`Users`", id.sql());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void quotedIsTakenExactly(Dialect dialect) {
        assertEquals("Users", Identifier.exact("\"Users\"", dialect));
        assertEquals("Users", Identifier.exact("`Users`", dialect));
        assertEquals("a.b c", Identifier.exact("\"a.b c\"", dialect));
        assertEquals("say \"hi\"", Identifier.exact("\"say \"\"hi\"\"\"", dialect));
        assertEquals("it`s", Identifier.exact("`it``s`", dialect));
        assertEquals("it`s", Identifier.exact("\"it`s\"", dialect));
    }

    @Test
    void schemaQualified() {
        Identifier id = Identifier.parse("Sales.Orders", Dialect.POSTGRESQL);
        assertEquals("sales", id.schema);
        assertEquals("orders", id.name);
        assertEquals("\"sales\".\"orders\"", id.sql());
        assertEquals("sales.orders", id.toString());

        id = Identifier.parse("\"Sales\".\"Or.ders\"", Dialect.POSTGRESQL);
        assertEquals("Sales", id.schema);
        assertEquals("Or.ders", id.name);
        assertEquals("\"Sales\".\"Or.ders\"", id.sql());

        id = Identifier.parse(" shop.`Order` ", Dialect.MARIADB);
        assertEquals("shop", id.schema);
        assertEquals("Order", id.name);
        assertEquals("`shop`.`Order`", id.sql());
    }

    @Test
    void quotingDoublesTheQuoteCharacter() {
        assertEquals("\"order\"", Identifier.quote("order", Dialect.POSTGRESQL));
        assertEquals("\"say \"\"hi\"\"\"", Identifier.quote("say \"hi\"", Dialect.POSTGRESQL));
        assertEquals("`it``s`", Identifier.quote("it`s", Dialect.MYSQL));
        assertEquals("`say \"hi\"`", Identifier.quote("say \"hi\"", Dialect.MARIADB));
        // Whatever goes in comes out again.
        for (Dialect dialect : Dialect.values()) {
            for (String name : new String[] {"order", "a\"b", "a`b", "x.y", "\"\""}) {
                assertEquals(name, Identifier.exact(Identifier.quote(name, dialect), dialect), dialect + " " + name);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a.b.c", "\"open", "a.", ".a", "a..b", "\"a\"b", "\"a\" b"})
    void malformedNamesAreRejected(String raw) {
        assertThrows(IllegalArgumentException.class, () -> Identifier.parse(raw, Dialect.POSTGRESQL));
        assertThrows(IllegalArgumentException.class, () -> Identifier.parse(raw, Dialect.MYSQL));
    }

    @Test
    void nullIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> Identifier.parse(null, Dialect.POSTGRESQL));
    }

    @Test
    void aColumnOrIndexNameCannotBeQualified() {
        assertThrows(IllegalArgumentException.class, () -> Identifier.exact("t.c", Dialect.POSTGRESQL));
        assertEquals("t.c", Identifier.exact("\"t.c\"", Dialect.POSTGRESQL));
    }
}
