package dev.schemahealer.agent;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaObject.Kind;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Picks the upgrades that heal a miss, in memory: the pending upgrades whose {@code heals()} match,
 * plus what they require (declared with {@code requires()}, or inferred: a column, index or
 * nullable column on a table another upgrade creates); when none matches, the pending catch-alls
 * (which require every upgrade before them in id order). A miss whose object could not be named
 * heals nothing. The result runs dependencies first, otherwise in id order.
 *
 * <p>So a failing upgrade blocks only what requires it: the others are never selected with it.
 */
final class UpgradeSelector {

    /**
     * @param toApply        pending upgrades to apply for this miss, dependencies first; empty when
     *                       there is nothing to run
     * @param riders         pending index-only upgrades (no statement misses an index) whose
     *                       requirements are met once {@code toApply} is: they run after it, and
     *                       their failure costs the statement nothing
     * @param alreadyApplied an upgrade that heals exactly this miss is already applied (by another
     *                       thread or instance, after this statement was planned): retry without a heal
     */
    record Selection(List<SchemaUpgrade> toApply, List<SchemaUpgrade> riders, boolean alreadyApplied) {
        static final Selection NOTHING = new Selection(List.of(), List.of(), false);

        boolean isEmpty() {
            return toApply.isEmpty() && !alreadyApplied;
        }
    }

    private UpgradeSelector() {
    }

    /**
     * @param upgrades every known upgrade, in dependency order then by id (as the catalog returns them)
     * @param applied  ids known to be applied to the database in question
     */
    static Selection select(Miss miss, List<SchemaUpgrade> upgrades, Set<String> applied) {
        if (!miss.nameKnown()) {
            return Selection.NOTHING; // never heal on a guess
        }
        List<SchemaUpgrade> matches = matching(miss, upgrades);
        List<SchemaUpgrade> roots = new ArrayList<>();
        for (SchemaUpgrade u : matches) {
            if (!applied.contains(u.id())) {
                roots.add(u);
            }
        }
        if (roots.isEmpty() && !matches.isEmpty()) {
            return new Selection(List.of(), List.of(), true);
        }
        if (roots.isEmpty()) {
            if (miss.kind() == Kind.NULLABLE || miss.exactOnly()) {
                // Dropping NOT NULL, or a label a result set lacks, is never a catch-all's business.
                return Selection.NOTHING;
            }
            for (SchemaUpgrade u : upgrades) {
                if (u.heals().isEmpty() && !applied.contains(u.id())) {
                    roots.add(u);
                }
            }
        }
        if (roots.isEmpty()) {
            return Selection.NOTHING;
        }
        Map<String, SchemaUpgrade> byId = byId(upgrades);
        Set<SchemaUpgrade> closure = new LinkedHashSet<>();
        for (SchemaUpgrade root : roots) {
            withRequirements(root, upgrades, byId, applied, closure);
        }
        List<SchemaUpgrade> toApply = inDependencyOrder(new ArrayList<>(closure), upgrades);
        return new Selection(toApply, riders(upgrades, byId, applied, closure), false);
    }

    /**
     * What heal ahead applies before a transaction or batch: every pending upgrade except those
     * that are {@code blocked} (a failure backing off) or require, transitively, one that is blocked
     * or not registered; dependencies first, otherwise by id. A broken upgrade keeps back only what
     * depends on it, as for a miss.
     */
    static List<SchemaUpgrade> ahead(List<SchemaUpgrade> upgrades, Set<String> applied, Predicate<String> blocked) {
        Map<String, SchemaUpgrade> byId = byId(upgrades);
        Set<SchemaUpgrade> runnable = new LinkedHashSet<>();
        for (SchemaUpgrade u : upgrades) {
            Set<SchemaUpgrade> mine = new LinkedHashSet<>();
            if (!applied.contains(u.id()) && withRequirements(u, upgrades, byId, applied, mine)
                    && mine.stream().noneMatch(m -> blocked.test(m.id()))) {
                runnable.addAll(mine);
            }
        }
        return inDependencyOrder(new ArrayList<>(runnable), upgrades);
    }

    /**
     * What a heal of {@code u} applies where nothing is applied yet: its requirements, transitively,
     * then {@code u}, in dependency order; empty when a requirement is not registered.
     */
    static List<SchemaUpgrade> plan(SchemaUpgrade u, List<SchemaUpgrade> upgrades) {
        Set<SchemaUpgrade> closure = new LinkedHashSet<>();
        if (!withRequirements(u, upgrades, byId(upgrades), Set.of(), closure)) {
            return List.of();
        }
        return inDependencyOrder(new ArrayList<>(closure), upgrades);
    }

    /**
     * Adds {@code u} and its pending requirements, transitively. A requirement that is neither
     * registered nor applied can never be met: then {@code u} (and what needs it) is left out.
     */
    private static boolean withRequirements(SchemaUpgrade u, List<SchemaUpgrade> upgrades, Map<String, SchemaUpgrade> byId,
                                            Set<String> applied, Set<SchemaUpgrade> into) {
        Set<SchemaUpgrade> mine = new LinkedHashSet<>();
        if (!collect(u, upgrades, byId, applied, mine, new HashSet<>())) {
            return false;
        }
        into.addAll(mine);
        return true;
    }

    private static boolean collect(SchemaUpgrade u, List<SchemaUpgrade> upgrades, Map<String, SchemaUpgrade> byId,
                                   Set<String> applied, Set<SchemaUpgrade> into, Set<String> visiting) {
        if (applied.contains(u.id()) || into.contains(u) || !visiting.add(u.id())) {
            return true; // applied, already taken, or a cycle (ordered by id below)
        }
        for (String dependency : requirements(u, upgrades)) {
            if (applied.contains(dependency)) {
                continue;
            }
            SchemaUpgrade d = byId.get(dependency);
            if (d == null || !collect(d, upgrades, byId, applied, into, visiting)) {
                return false;
            }
        }
        into.add(u);
        return true;
    }

    /**
     * The ids {@code u} requires: its {@code requires()}; for each column, index or nullable column
     * it declares, the other upgrades that create that table; for a catch-all (it says nothing of
     * what it touches), every upgrade before it in id order.
     */
    static Set<String> requirements(SchemaUpgrade u, List<SchemaUpgrade> upgrades) {
        Set<String> ids = new LinkedHashSet<>(u.requires());
        if (u.heals().isEmpty()) {
            for (SchemaUpgrade other : upgrades) {
                if (other.id().compareTo(u.id()) < 0) {
                    ids.add(other.id());
                }
            }
            return ids;
        }
        for (SchemaObject o : u.heals()) {
            if (o.table() == null) {
                continue;
            }
            for (SchemaUpgrade other : upgrades) {
                if (other != u && other.heals().contains(SchemaObject.table(o.table()))) {
                    ids.add(other.id());
                }
            }
        }
        ids.remove(u.id());
        return ids;
    }

    /**
     * Pending index-only upgrades that ride along with this heal: no statement ever misses an index,
     * so one runs with the first heal of an upgrade after it in id order (ids order what runs
     * together), once every requirement is applied or selected.
     */
    private static List<SchemaUpgrade> riders(List<SchemaUpgrade> upgrades, Map<String, SchemaUpgrade> byId,
                                              Set<String> applied, Set<SchemaUpgrade> selected) {
        List<SchemaUpgrade> riders = new ArrayList<>();
        Set<String> done = new HashSet<>(applied);
        String last = "";
        for (SchemaUpgrade u : selected) {
            done.add(u.id());
            last = u.id().compareTo(last) > 0 ? u.id() : last;
        }
        for (SchemaUpgrade u : upgrades) {
            if (done.contains(u.id()) || !indexOnly(u) || u.id().compareTo(last) > 0) {
                continue;
            }
            if (done.containsAll(requirements(u, upgrades))) {
                riders.add(u);
            }
        }
        return riders;
    }

    static boolean indexOnly(SchemaUpgrade u) {
        return !u.heals().isEmpty() && u.heals().stream().allMatch(o -> o.kind() == Kind.INDEX);
    }

    /** Requirements first, otherwise by id (a cycle, an authoring error, falls back to id order). */
    static List<SchemaUpgrade> inDependencyOrder(List<SchemaUpgrade> group, List<SchemaUpgrade> all) {
        Map<String, SchemaUpgrade> inGroup = byId(group);
        Map<String, Integer> waitingFor = new HashMap<>();
        Map<String, List<SchemaUpgrade>> dependents = new HashMap<>();
        for (SchemaUpgrade u : group) {
            int n = 0;
            for (String d : requirements(u, all)) {
                if (inGroup.containsKey(d)) {
                    n++;
                    dependents.computeIfAbsent(d, k -> new ArrayList<>()).add(u);
                }
            }
            waitingFor.put(u.id(), n);
        }
        PriorityQueue<SchemaUpgrade> ready = new PriorityQueue<>(Comparator.comparing(SchemaUpgrade::id));
        group.stream().filter(u -> waitingFor.get(u.id()) == 0).forEach(ready::add);
        List<SchemaUpgrade> ordered = new ArrayList<>(group.size());
        while (!ready.isEmpty()) {
            SchemaUpgrade u = ready.poll();
            ordered.add(u);
            for (SchemaUpgrade next : dependents.getOrDefault(u.id(), List.of())) {
                if (waitingFor.merge(next.id(), -1, Integer::sum) == 0) {
                    ready.add(next);
                }
            }
        }
        if (ordered.size() < group.size()) {
            group.stream().filter(u -> !ordered.contains(u)).sorted(Comparator.comparing(SchemaUpgrade::id))
                    .forEach(ordered::add);
        }
        return List.copyOf(ordered);
    }

    private static Map<String, SchemaUpgrade> byId(List<SchemaUpgrade> upgrades) {
        Map<String, SchemaUpgrade> byId = new HashMap<>();
        upgrades.forEach(u -> byId.put(u.id(), u));
        return byId;
    }

    /**
     * The upgrades whose {@code heals()} name the missing object. A column reported with a
     * qualifier that is no healed table's name (an alias) matches by column name alone.
     */
    private static List<SchemaUpgrade> matching(Miss miss, List<SchemaUpgrade> upgrades) {
        List<SchemaUpgrade> exact = new ArrayList<>();
        List<SchemaUpgrade> byName = new ArrayList<>();
        for (SchemaUpgrade u : upgrades) {
            boolean nameMatch = false;
            boolean tableMatch = false;
            for (SchemaObject o : u.heals()) {
                if (o.kind() == miss.kind() && o.name().equals(miss.name())) {
                    nameMatch = true;
                    tableMatch |= o.table() == null || o.table().equals(miss.table());
                }
            }
            if (tableMatch) {
                exact.add(u);
            } else if (nameMatch) {
                byName.add(u);
            }
        }
        return exact.isEmpty() ? byName : exact;
    }
}
