package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.schemahealer.upgrades.SchemaObject.Kind;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Message forms that the engines here do not produce on demand. */
class MissClassifierTest {

    @Test
    void localizedMessageStillClassifiesByCodeButNamesNothing() {
        Miss miss = MissClassifier.classify(new SQLException("FEHLER: Spalte »phone« existiert nicht", "42703"));
        assertEquals(Kind.COLUMN, miss.kind());
        assertFalse(miss.nameKnown());
    }

    @Test
    void pgSchemaQualifiedColumnOfRelation() {
        Miss miss = MissClassifier.classify(new SQLException(
                "ERROR: column \"phone\" of relation \"users\" does not exist\n  Position: 30", "42703"));
        assertEquals("users", miss.table());
        assertEquals("phone", miss.name());
    }

    @Test
    void pgQualifiedFunctionWithSeveralArguments() {
        Miss miss = MissClassifier.classify(new SQLException(
                "ERROR: function billing.fn_total(integer, text) does not exist\n  Hint: No function matches", "42883"));
        assertEquals(Kind.FUNCTION, miss.kind());
        assertEquals("fn_total", miss.name());
    }

    @Test
    void pgOldNotNullFormWithoutRelation() {
        Miss miss = MissClassifier.classify(new SQLException(
                "ERROR: null value in column \"legacy_code\" violates not-null constraint", "23502"));
        assertEquals(Kind.NULLABLE, miss.kind());
        assertNull(miss.table());
        assertEquals("legacy_code", miss.name());
    }

    @Test
    void mysqlQualifiedColumnAndTable() {
        Miss column = MissClassifier.classify(new SQLException("Unknown column 'u.phone' in 'where clause'", "42S22", 1054));
        assertEquals("u", column.table());
        assertEquals("phone", column.name());
        Miss table = MissClassifier.classify(new SQLException("Table 'shop.orders' doesn't exist", "42S02", 1146));
        assertEquals(Kind.TABLE, table.kind());
        assertEquals("orders", table.name());
    }

    @Test
    void mysqlFunction() {
        Miss miss = MissClassifier.classify(new SQLException("FUNCTION shop.fn_total does not exist", "42000", 1305));
        assertEquals(Kind.FUNCTION, miss.kind());
        assertEquals("fn_total", miss.name());
    }

    @Test
    void aNullableMissWithoutReadableNameIsNotAMiss() {
        assertNull(MissClassifier.classify(new SQLException("Feld 'x' hat keinen Standardwert", "HY000", 1364)));
    }

    @Test
    void codesOutsideTheTableAreNotMisses() {
        assertNull(MissClassifier.classify(new SQLException("duplicate key", "23505")));
        assertNull(MissClassifier.classify(new SQLException("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062)));
        assertNull(MissClassifier.classify(new SQLException("Unknown column 'x'", "42S22", 9999)));
    }

    @Test
    void theNextExceptionOfABatchIsRead() {
        BatchUpdateException batch = new BatchUpdateException("Batch entry 1 was aborted", "42703", 0, new int[0]);
        batch.setNextException(new SQLException("ERROR: column \"phone\" of relation \"users\" does not exist", "42703"));
        assertEquals("phone", MissClassifier.classify(batch).name());
    }

    @Test
    void triggerNamesCodeAndObjectOnly() {
        Miss miss = new Miss("42703", Kind.COLUMN, "users", "phone");
        assertEquals("42703 column users.phone", miss.trigger());
    }
}
