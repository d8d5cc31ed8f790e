package dev.schemahealer.testkit;

import dev.schemahealer.agent.InProcessEngine;
import dev.schemahealer.testing.CatalogSnapshot;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Whether each upgrade's requirements ({@code requires()}, and those the engine infers from
 * {@code heals()}) are all it needs: in production a heal applies an upgrade with only what it
 * requires, so each one is applied to the previous schema that way, on a scratch database of its
 * own, and must succeed and create what it declares.
 */
final class RequiredUpgrades {

    private RequiredUpgrades() {
    }

    /** One line per upgrade that a heal could not apply with only what it requires. */
    static List<String> mismatches(HealingDatabase db) {
        List<SchemaUpgrade> all = db.upgrades();
        Set<String> ids = all.stream().map(SchemaUpgrade::id).collect(Collectors.toSet());
        List<String> failures = new ArrayList<>();
        for (SchemaUpgrade u : all) {
            Set<String> unknown = new TreeSet<>(u.requires());
            unknown.removeAll(ids);
            List<SchemaUpgrade> plan = InProcessEngine.planFor(u, all);
            if (!unknown.isEmpty() || plan.isEmpty()) {
                failures.add("upgrade " + u.id() + " requires " + (unknown.isEmpty()
                        ? "(through what it requires) an upgrade that is not registered"
                        : unknown + ", which no registered upgrade is")
                        + ": a heal never applies it. Register the upgrade it needs, or fix the id in requires().");
                continue;
            }
            List<SchemaUpgrade> before = plan.stream().filter(p -> p != u).toList();
            String named = before.isEmpty() ? "nothing" : before.stream().map(SchemaUpgrade::id).toList().toString();
            UpgradeChecks.withScratch(db, c -> {
                for (SchemaUpgrade required : before) {
                    UpgradeChecks.apply(required, c);
                }
                CatalogSnapshot ahead = CatalogSnapshot.take(c);
                try {
                    UpgradeChecks.apply(u, c);
                } catch (Exception e) {
                    failures.add("upgrade " + u.id() + " fails when a heal applies it with only what it requires"
                            + " before it (" + named + "): " + Messages.describe(e)
                            + ". Name the upgrade it needs in requires().");
                    return;
                }
                for (String m : DeclaredHeals.mismatches(u, DeclaredHeals.objects(ahead),
                        DeclaredHeals.objects(CatalogSnapshot.take(c)))) {
                    if (m.contains(" declares heals() ")) {
                        failures.add(m + ", when a heal applies it with only what it requires before it (" + named + ")");
                    }
                }
            });
        }
        return failures;
    }
}
