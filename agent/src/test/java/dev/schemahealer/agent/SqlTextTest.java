package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class SqlTextTest {

    @Test
    void singleStatementsMayRunAgain() {
        assertFalse(SqlText.isCallOrComposite("select phone from users where id = ?"));
        assertFalse(SqlText.isCallOrComposite("insert into t (a) values ('x;y');"));
        assertFalse(SqlText.isCallOrComposite("update t set a = 1 -- done; really\\n"));
        assertFalse(SqlText.isCallOrComposite("select 1 /* a; b */"));
        assertFalse(SqlText.isCallOrComposite("select $1::int, $body$ a; b $body$"));
        assertFalse(SqlText.isCallOrComposite("insert into t values ('it''s; fine')  ;  "));
    }

    @Test
    void severalStatementsOrProceduresMayHaveCommittedPartOfTheirWork() {
        assertTrue(SqlText.isCallOrComposite("insert into audit values (1); update users set phone = 'x'"));
        assertTrue(SqlText.isCallOrComposite("  CALL refresh_totals()"));
        assertTrue(SqlText.isCallOrComposite("{call refresh_totals(?)}"));
        assertTrue(SqlText.isCallOrComposite("insert into t values ('a\\\\'); delete from t"));
    }
}
