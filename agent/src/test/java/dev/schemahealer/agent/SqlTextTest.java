package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** {@link RetrySafety} over the SQL forms {@link SqlText} reads. */
class SqlTextTest {

    private static RetrySafety executed(String sql) {
        return RetrySafety.of(new Object(), "execute", sql);
    }

    private static RetrySafety prepared(String sql) {
        Object statement = new Object();
        StatementState.prepared(statement, sql);
        return RetrySafety.of(statement, "executeUpdate", null);
    }

    @Test
    void singleStatementsMayRunAgain() {
        for (String sql : new String[] {"select phone from users where id = ?", "insert into t (a) values ('x;y');",
            "update t set a = 1 -- done; really\n", "select 1 /* a; b */", "select $1::int, $body$ a; b $body$",
            "insert into t values ('it''s; fine')  ;  ", "select * from docs", "select dollars from t"}) {
            assertEquals(RetrySafety.SAFE, executed(sql), sql);
            assertEquals(RetrySafety.SAFE, prepared(sql), sql);
        }
    }

    @Test
    void proceduresMayHaveWrittenBeforeWhatFailedInThem() {
        for (String sql : new String[] {"  CALL refresh_totals()", "{call refresh_totals(?)}", "{? = call f(?)}",
            "call p(?)", "/* audit */ call p(?)", "-- audit\ncall p(?)", "do $$ begin perform 1; end $$",
            "DO$$begin null; end$$", "exec p 1"}) {
            assertEquals(RetrySafety.CALL, executed(sql), sql);
            assertEquals(RetrySafety.CALL, prepared(sql), sql);
        }
    }

    @Test
    void severalStatementsMayHaveAppliedTheFirst() {
        for (String sql : new String[] {"insert into audit values (1); update users set phone = 'x'",
            "insert into t values ('a\\\\'); delete from t", "insert into audit values (?); update users set phone = ?"}) {
            assertEquals(RetrySafety.SEVERAL_STATEMENTS, executed(sql), sql);
            assertEquals(RetrySafety.SEVERAL_STATEMENTS, prepared(sql), sql);
        }
    }

    @Test
    void aPreparedStatementTheAgentDidNotSeePreparedIsNeverRunAgain() {
        assertEquals(RetrySafety.UNKNOWN_SQL, RetrySafety.of(new Object(), "executeQuery", null));
    }

    @Test
    void batchesAndBoundStreamsAreNeverRunAgain() {
        assertEquals(RetrySafety.BATCH, RetrySafety.of(new Object(), "executeBatch", null));
        Object statement = new Object();
        StatementState.prepared(statement, "insert into t (doc) values (?)");
        StatementState.streamBound(statement);
        assertEquals(RetrySafety.STREAM_BOUND, RetrySafety.of(statement, "executeUpdate", null));
    }
}
