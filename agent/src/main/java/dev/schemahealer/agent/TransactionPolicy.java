package dev.schemahealer.agent;

import dev.schemahealer.upgrades.Dialect;
import java.util.function.BooleanSupplier;

/**
 * What to do about a miss, given where the failed statement ran. The rules that keep a write from
 * being lost, doubled or seen differently live here and nowhere else; {@link Healer} gathers the
 * facts and carries the decision out.
 */
final class TransactionPolicy {

    private TransactionPolicy() {
    }

    enum Decision {
        /** Nothing left to apply (another thread or instance healed it): run the statement again. */
        RETRY,
        /** Heal now, then run the statement again. */
        HEAL_THEN_RETRY,
        /** Heal now; the statement cannot run again (a batch, a lookup): its error surfaces. */
        HEAL_THEN_RETHROW,
        /** The transaction holds what the heal needs: the error surfaces, the heal runs when it ends. */
        DEFER,
        /** Nothing to heal and nothing to retry. */
        RETHROW
    }

    /**
     * The facts about a miss that has pending upgrades or was healed meanwhile.
     *
     * @param autocommit         the statement ran in autocommit
     * @param mayRunAgain        running it again can only do what the failed call did not
     * @param somethingToApply   upgrades are pending for the miss (else another thread healed it)
     * @param dialect            the engine
     * @param survives           the transaction is still usable after the failure: always on MySQL;
     *                           on PostgreSQL only with pgjdbc {@code autosave=always}
     * @param declaresTables     every upgrade names the tables it changes, and none builds an index
     *                           (which waits for every open transaction, this one included)
     * @param readCommitted      the transaction's isolation; a table rewrite is not MVCC-safe, an
     *                           older snapshot would see the table empty
     * @param holdsLocks         asked last, a round trip: whether the transaction holds any lock on a
     *                           user table (a DDL can need the tables a foreign key references too)
     */
    record Situation(boolean autocommit, boolean mayRunAgain, boolean somethingToApply, Dialect dialect,
                     boolean survives, boolean declaresTables, boolean readCommitted, BooleanSupplier holdsLocks) {
    }

    static Decision decide(Situation s) {
        if (s.autocommit()) {
            if (s.somethingToApply()) {
                return s.mayRunAgain() ? Decision.HEAL_THEN_RETRY : Decision.HEAL_THEN_RETHROW;
            }
            return s.mayRunAgain() ? Decision.RETRY : Decision.RETHROW;
        }
        if (!s.somethingToApply()) {
            // A surviving transaction can run the statement again; an aborted one cannot.
            return s.survives() && s.mayRunAgain() ? Decision.RETRY : Decision.RETHROW;
        }
        if (s.mayRunAgain() && s.survives() && s.dialect() == Dialect.POSTGRESQL && s.declaresTables()
                && s.readCommitted() && !s.holdsLocks().getAsBoolean()) {
            // pgjdbc rolled the statement back to its savepoint; the transaction holds nothing our
            // DDL could wait for: heal now and go on, transparently.
            return Decision.HEAL_THEN_RETRY;
        }
        // The failed statement keeps its locks until the transaction ends (a MySQL metadata lock,
        // an aborted PostgreSQL transaction): heal when it ends.
        return Decision.DEFER;
    }
}
