package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.schemahealer.agent.TransactionPolicy.Decision;
import dev.schemahealer.agent.TransactionPolicy.Situation;
import dev.schemahealer.upgrades.Dialect;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class TransactionPolicyTest {

    private static Situation autocommit(boolean mayRunAgain, boolean somethingToApply) {
        return new Situation(true, mayRunAgain, somethingToApply, Dialect.POSTGRESQL, false, true, false, () -> false);
    }

    private static Situation inTransaction(Dialect dialect, boolean survives, boolean somethingToApply,
                                           boolean declaresTables, boolean readCommitted, boolean holdsLocks) {
        return new Situation(false, true, somethingToApply, dialect, survives, declaresTables, readCommitted,
                () -> holdsLocks);
    }

    @Test
    void autocommitHealsAndRetriesUnlessTheStatementCannotRunAgain() {
        assertEquals(Decision.HEAL_THEN_RETRY, TransactionPolicy.decide(autocommit(true, true)));
        assertEquals(Decision.HEAL_THEN_RETHROW, TransactionPolicy.decide(autocommit(false, true)));
        assertEquals(Decision.RETRY, TransactionPolicy.decide(autocommit(true, false)));
        assertEquals(Decision.RETHROW, TransactionPolicy.decide(autocommit(false, false)));
    }

    @Test
    void aTransactionRetriesWhatAnotherThreadHealedOnlyWhenItSurvivedTheFailure() {
        assertEquals(Decision.RETRY, TransactionPolicy.decide(inTransaction(Dialect.MARIADB, true, false, true, true, true)));
        assertEquals(Decision.RETHROW,
                TransactionPolicy.decide(inTransaction(Dialect.POSTGRESQL, false, false, true, true, false)));
        Situation batch = new Situation(false, false, false, Dialect.MYSQL, true, true, true, () -> false);
        assertEquals(Decision.RETHROW, TransactionPolicy.decide(batch));
    }

    @Test
    void aPostgresTransactionHealsInPlaceOnlyWhenEverythingProvesItSafe() {
        assertEquals(Decision.HEAL_THEN_RETRY,
                TransactionPolicy.decide(inTransaction(Dialect.POSTGRESQL, true, true, true, true, false)));
        // Any of the conditions missing: the heal waits for the transaction's end.
        assertEquals(Decision.DEFER, TransactionPolicy.decide(inTransaction(Dialect.POSTGRESQL, true, true, true, true, true)));
        assertEquals(Decision.DEFER, TransactionPolicy.decide(inTransaction(Dialect.POSTGRESQL, false, true, true, true, false)));
        assertEquals(Decision.DEFER, TransactionPolicy.decide(inTransaction(Dialect.POSTGRESQL, true, true, false, true, false)));
        assertEquals(Decision.DEFER, TransactionPolicy.decide(inTransaction(Dialect.POSTGRESQL, true, true, true, false, false)));
        // A MySQL transaction keeps the failed statement's metadata lock: never in place.
        assertEquals(Decision.DEFER, TransactionPolicy.decide(inTransaction(Dialect.MYSQL, true, true, true, true, false)));
    }

    @Test
    void theLockRoundTripIsTheLastQuestion() {
        AtomicBoolean asked = new AtomicBoolean();
        Situation s = new Situation(false, true, true, Dialect.POSTGRESQL, false, true, true, () -> {
            asked.set(true);
            return false;
        });
        assertEquals(Decision.DEFER, TransactionPolicy.decide(s));
        assertFalse(asked.get(), "no pg_locks query when the transaction did not survive anyway");
    }
}
