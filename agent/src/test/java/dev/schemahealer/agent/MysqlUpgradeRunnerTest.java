package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemahealer.testing.Engine;
import java.sql.SQLException;

class MysqlUpgradeRunnerTest extends UpgradeRunnerEngineSuite {
    @Override
    Engine engine() {
        return Engine.MYSQL;
    }

    @Override
    void assertFailedHalfway() throws SQLException {
        // MySQL commits each statement: the first insert stays, and the claim's journal says so,
        // so the next attempt skips it.
        assertEquals(1, count("select count(*) from raw_log where n = 3"));
        Ledger.Claim claim = ledger.claims(c, dialect()).get("u-002-halfway");
        assertEquals(1, claim.rawDone());
        assertEquals(1, claim.rawStarted());
    }
}
