package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaObject.Kind;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Picks the upgrades that heal a miss, in memory: the pending upgrades whose {@code heals()}
 * match, plus every pending upgrade before them in id order (upgrades apply in order); when none
 * matches, the pending catch-alls (and what precedes them); when the message named nothing, every
 * pending upgrade.
 */
final class UpgradeSelector {

    /**
     * @param toApply        pending upgrades to apply, in id order; empty when there is nothing to run
     * @param alreadyApplied an upgrade that heals exactly this miss is already applied (by another
     *                       thread or instance, after this statement was planned): retry without a heal
     */
    record Selection(List<SchemaUpgrade> toApply, boolean alreadyApplied) {
        static final Selection NOTHING = new Selection(List.of(), false);

        boolean isEmpty() {
            return toApply.isEmpty() && !alreadyApplied;
        }
    }

    private UpgradeSelector() {
    }

    /**
     * @param upgrades every known upgrade, sorted by id
     * @param applied  ids known to be applied to the database in question
     */
    static Selection select(Miss miss, List<SchemaUpgrade> upgrades, Set<String> applied) {
        if (!miss.nameKnown()) {
            return miss.kind() == Kind.NULLABLE ? Selection.NOTHING : new Selection(pendingUpTo(upgrades, applied, upgrades.size() - 1), false);
        }
        int last = -1;
        boolean matchedApplied = false;
        List<Integer> matches = matching(miss, upgrades);
        for (int i : matches) {
            if (applied.contains(upgrades.get(i).id())) {
                matchedApplied = true;
            } else {
                last = Math.max(last, i);
            }
        }
        if (last >= 0) {
            return new Selection(pendingUpTo(upgrades, applied, last), false);
        }
        if (!matches.isEmpty()) {
            return new Selection(List.of(), matchedApplied);
        }
        if (miss.kind() == Kind.NULLABLE || miss.exactOnly()) {
            // Dropping NOT NULL is never a catch-all's business: only a declared upgrade may do it.
            return Selection.NOTHING;
        }
        for (int i = 0; i < upgrades.size(); i++) {
            if (upgrades.get(i).heals().isEmpty() && !applied.contains(upgrades.get(i).id())) {
                last = i;
            }
        }
        return last >= 0 ? new Selection(pendingUpTo(upgrades, applied, last), false) : Selection.NOTHING;
    }

    /**
     * Indexes of the upgrades whose {@code heals()} name the missing object. A column reported with
     * a qualifier that is no healed table's name (an alias) matches by column name alone.
     */
    private static List<Integer> matching(Miss miss, List<SchemaUpgrade> upgrades) {
        List<Integer> exact = new ArrayList<>();
        List<Integer> byName = new ArrayList<>();
        for (int i = 0; i < upgrades.size(); i++) {
            boolean nameMatch = false;
            boolean tableMatch = false;
            for (SchemaObject o : upgrades.get(i).heals()) {
                if (o.kind() == miss.kind() && o.name().equals(miss.name())) {
                    nameMatch = true;
                    tableMatch |= o.table() == null || o.table().equals(miss.table());
                }
            }
            if (tableMatch) {
                exact.add(i);
            } else if (nameMatch) {
                byName.add(i);
            }
        }
        return exact.isEmpty() ? byName : exact;
    }

    private static List<SchemaUpgrade> pendingUpTo(List<SchemaUpgrade> upgrades, Set<String> applied, int last) {
        List<SchemaUpgrade> pending = new ArrayList<>();
        for (int i = 0; i <= last; i++) {
            if (!applied.contains(upgrades.get(i).id())) {
                pending.add(upgrades.get(i));
            }
        }
        return pending;
    }
}
