package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A heal owed to a connection whose transaction must end first: where, what, and the first miss. */
record OwedHeal(Target target, List<SchemaUpgrade> upgrades, Miss miss) {

    /** This heal plus {@code more} upgrades, in id order, each once; the first miss stays the trigger. */
    OwedHeal plus(List<SchemaUpgrade> more) {
        Map<String, SchemaUpgrade> union = new LinkedHashMap<>();
        upgrades.forEach(u -> union.put(u.id(), u));
        more.forEach(u -> union.putIfAbsent(u.id(), u));
        List<SchemaUpgrade> merged = new ArrayList<>(union.values());
        merged.sort(Comparator.comparing(SchemaUpgrade::id));
        return new OwedHeal(target, merged, miss);
    }
}
