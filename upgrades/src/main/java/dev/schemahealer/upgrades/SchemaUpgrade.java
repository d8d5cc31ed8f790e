package dev.schemahealer.upgrades;

import java.sql.SQLException;
import java.util.Set;

/**
 * One schema change that the agent applies lazily, the first time the application's code needs
 * it, or that {@code schemahealer apply} applies on demand.
 *
 * <p>Register implementations in {@code META-INF/services/dev.schemahealer.upgrades.SchemaUpgrade}.
 * An implementation needs a public no-argument constructor and keeps no state between calls.
 *
 * <p>Transactions: {@link #apply} runs on a dedicated connection in autocommit mode, never on a
 * connection of the application. The upgrade owns that connection for the duration of the call
 * and may open and end its own transactions on it; it must leave it in autocommit mode.
 */
public interface SchemaUpgrade {

    /**
     * Unique and stable forever: it is the upgrade's key in the ledger. Upgrades that run together
     * run after what they {@linkplain #requires() require}, otherwise in ascending (lexicographic)
     * id order, so a sortable prefix such as {@code 2026-11-01-add-phone} or {@code V0042__add_phone}
     * keeps that order readable. The id no longer makes one upgrade wait for every earlier one.
     */
    String id();

    /** One line a person reads in logs and in {@code status}. */
    default String description() {
        return id();
    }

    /**
     * The objects this upgrade creates. A statement that misses one of them triggers this upgrade
     * and what it {@linkplain #requires() requires}, nothing else. An empty set makes a catch-all:
     * it runs when a miss matches no other upgrade, after every upgrade before it in id order. An
     * upgrade that only builds an index declares {@link SchemaObject#index}: no statement misses an
     * index, so it runs with the next heal on its database once what it requires is applied (or
     * with {@code schemahealer apply}), and never as a catch-all.
     */
    default Set<SchemaObject> heals() {
        return Set.of();
    }

    /**
     * Ids of the upgrades that must be applied before this one. Dependencies that {@link #heals()}
     * already shows need not be listed: a column, index or nullable column on a table that another
     * upgrade creates requires that upgrade. A failing upgrade blocks only the upgrades that
     * require it, directly or through others.
     */
    default Set<String> requires() {
        return Set.of();
    }

    /**
     * Makes the change. Must be idempotent: it may run again after a crash between the change and
     * the ledger row, or against a database where someone made the change by hand. The helpers of
     * {@link UpgradeContext} are.
     */
    void apply(UpgradeContext ctx) throws SQLException;
}
