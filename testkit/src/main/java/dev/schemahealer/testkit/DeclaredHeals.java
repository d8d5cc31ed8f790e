package dev.schemahealer.testkit;

import dev.schemahealer.testing.CatalogSnapshot;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.opentest4j.AssertionFailedError;

/**
 * Whether each upgrade's {@code heals()} matches what it really creates: applied in id order to
 * the previous schema, the catalog before and after each one tells what it created. Then whether
 * its requirements are all it needs ({@link RequiredUpgrades}).
 */
final class DeclaredHeals {

    private DeclaredHeals() {
    }

    static void check(HealingDatabase db) {
        List<String> failures = new ArrayList<>();
        UpgradeChecks.withScratch(db, c -> {
            for (SchemaUpgrade u : db.upgrades()) {
                CatalogSnapshot before = CatalogSnapshot.take(c);
                try {
                    UpgradeChecks.apply(u, c);
                } catch (Exception e) {
                    throw new AssertionFailedError("upgrade " + u.id() + " failed on the previous schema "
                            + db.schemas().previous() + " (with the upgrades before it applied): "
                            + Messages.describe(e), e);
                }
                failures.addAll(mismatches(u, objects(before), objects(CatalogSnapshot.take(c))));
            }
        });
        failures.addAll(RequiredUpgrades.mismatches(db));
        if (!failures.isEmpty()) {
            throw new AssertionFailedError(String.join("\n", failures));
        }
    }

    /** One line per difference between what {@code u} declares and what it created. */
    static List<String> mismatches(SchemaUpgrade u, Map<String, String> before, Map<String, String> after) {
        List<String> failures = new ArrayList<>();
        Set<String> created = new TreeSet<>(after.keySet());
        created.removeAll(before.keySet());
        Set<SchemaObject> heals = u.heals();
        for (SchemaObject o : heals) {
            String key = key(o);
            if (o.kind() == SchemaObject.Kind.NULLABLE) {
                if (!notNull(before.get(key)) || notNull(after.get(key))) {
                    failures.add("upgrade " + u.id() + " declares heals() " + describe(o) + ", but "
                            + (before.get(key) == null ? "the previous schema has no such column"
                            : notNull(before.get(key)) ? "it leaves the column NOT NULL" : "the column is nullable already"));
                }
            } else if (!created.contains(key)) {
                failures.add("upgrade " + u.id() + " declares heals() " + describe(o) + ", but "
                        + (before.containsKey(key) ? "that exists before the upgrade runs"
                        : "it does not create it (it created: " + (created.isEmpty() ? "nothing" : created) + ")"));
            }
        }
        if (heals.isEmpty()) {
            return failures; // a catch-all may create anything
        }
        for (String key : created) {
            String table = tableOf(key);
            boolean declared = heals.stream().anyMatch(o -> key(o).equals(key));
            // Part of a table it creates (its columns, indexes, constraints) needs no declaration of its own.
            boolean partOfNewTable = table != null && created.contains("table " + table);
            if (!declared && !partOfNewTable && !key.startsWith("constraint ")) {
                failures.add("upgrade " + u.id() + " creates " + key + ", which its heals() does not declare:"
                        + " a statement that misses it would not run this upgrade");
            }
        }
        return failures;
    }

    /** {@code kind name} (lower case, without a schema) to the whole catalog line. */
    static Map<String, String> objects(CatalogSnapshot snapshot) {
        Map<String, String> objects = new HashMap<>();
        for (String line : snapshot.lines()) {
            String[] parts = line.split(" ", 3);
            String name = parts[1].toLowerCase(Locale.ROOT);
            if ("function".equals(parts[0])) {
                name = name.substring(0, Math.max(0, name.indexOf('(')));
            } else if (!"table".equals(parts[0])) {
                name = unqualifiedTable(name.substring(0, name.lastIndexOf('.'))) + name.substring(name.lastIndexOf('.'));
            } else {
                name = unqualifiedTable(name);
            }
            objects.putIfAbsent(parts[0] + " " + name, line);
        }
        return objects;
    }

    private static String key(SchemaObject o) {
        return switch (o.kind()) {
            case TABLE -> "table " + o.name();
            case FUNCTION -> "function " + o.name();
            case INDEX -> "index " + o.table() + "." + o.name();
            case COLUMN, NULLABLE -> "column " + o.table() + "." + o.name();
        };
    }

    private static String describe(SchemaObject o) {
        String kind = o.kind().name().toLowerCase(Locale.ROOT);
        return o.table() == null ? kind + " " + o.name() : kind + " " + o.table() + "." + o.name();
    }

    private static String tableOf(String key) {
        String name = key.substring(key.indexOf(' ') + 1);
        int dot = name.lastIndexOf('.');
        return key.startsWith("table ") || key.startsWith("function ") || dot < 0 ? null : name.substring(0, dot);
    }

    private static String unqualifiedTable(String name) {
        int dot = name.lastIndexOf('.');
        return dot < 0 ? name : name.substring(dot + 1);
    }

    /** PostgreSQL says {@code not_null=t}, MySQL {@code is_nullable=NO}. */
    private static boolean notNull(String line) {
        return line != null && (line.contains(" not_null=t") || line.contains(" is_nullable=NO"));
    }
}
