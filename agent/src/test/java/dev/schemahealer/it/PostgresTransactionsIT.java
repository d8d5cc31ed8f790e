package dev.schemahealer.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.schemahealer.testing.Engine;
import java.util.List;
import org.junit.jupiter.api.Test;

class PostgresTransactionsIT extends TransactionsSuite {
    @Override
    Engine engine() {
        return Engine.POSTGRESQL;
    }

    @Test
    void withAutosaveAlwaysAMissInATransactionHoldingNoLockIsHealedTransparently() throws Exception {
        ChildJvm app = runWithoutHealAhead("autosave");

        assertEquals(List.of("TRANSPARENT_OK"), app.linesStartingWith("TRANSPARENT_"), app.output());
        // The transaction had locked customers: that miss surfaces once, healed by the rollback.
        assertEquals(List.of("LOCKED_ERROR 42703", "LOCKED_RETRY_OK"), app.linesStartingWith("LOCKED_"), app.output());
        assertEquals(1, count("select count(*) from orders where id = 90"));
        assertEquals(1, count("select count(*) from customers where id = 90"));
        assertEquals(1, count("select count(*) from customers where id = 91"));
    }
}
