package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaObject.Kind;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpgradeSelectorTest {

    record Upgrade(String id, Set<SchemaObject> heals) implements SchemaUpgrade {
        @Override
        public void apply(UpgradeContext ctx) {
        }
    }

    static final SchemaUpgrade PHONE = new Upgrade("001-phone", Set.of(SchemaObject.column("users", "phone")));
    static final SchemaUpgrade ORDERS = new Upgrade("002-orders", Set.of(SchemaObject.table("orders")));
    static final SchemaUpgrade CATCH_ALL = new Upgrade("003-catch-all", Set.of());
    static final SchemaUpgrade EMAIL = new Upgrade("004-email", Set.of(SchemaObject.column("users", "email"),
            SchemaObject.column("admins", "email")));
    static final SchemaUpgrade LEGACY = new Upgrade("005-legacy-nullable", Set.of(SchemaObject.nullable("users", "legacy")));
    static final List<SchemaUpgrade> ALL = List.of(PHONE, ORDERS, CATCH_ALL, EMAIL, LEGACY);

    static List<String> ids(UpgradeSelector.Selection s) {
        List<String> ids = new ArrayList<>();
        s.toApply().forEach(u -> ids.add(u.id()));
        return ids;
    }

    @Test
    void aMatchBringsEveryPendingUpgradeBeforeItInIdOrder() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "users", "email"), ALL, Set.of());
        assertEquals(List.of("001-phone", "002-orders", "003-catch-all", "004-email"), ids(s));
    }

    @Test
    void appliedUpgradesAreSkipped() {
        var s = UpgradeSelector.select(new Miss("42P01", Kind.TABLE, null, "orders"), ALL, Set.of("001-phone"));
        assertEquals(List.of("002-orders"), ids(s));
    }

    @Test
    void aMatchAlreadyAppliedMeansRetryWithoutHeal() {
        var s = UpgradeSelector.select(new Miss("42P01", Kind.TABLE, null, "orders"), ALL, Set.of("001-phone", "002-orders"));
        assertTrue(s.toApply().isEmpty());
        assertTrue(s.alreadyApplied());
    }

    @Test
    void anAliasMatchesByColumnName() {
        var s = UpgradeSelector.select(new Miss("1054", Kind.COLUMN, "u", "phone"), ALL, Set.of());
        assertEquals(List.of("001-phone"), ids(s));
    }

    @Test
    void aMatchOnAnotherTableIsNotTakenWhenTheRightTableMatches() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "admins", "email"), ALL,
                Set.of("001-phone", "002-orders", "003-catch-all"));
        assertEquals(List.of("004-email"), ids(s));
    }

    @Test
    void noMatchRunsPendingCatchAllsAndWhatPrecedesThem() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, "fax"), ALL, Set.of("001-phone"));
        assertEquals(List.of("002-orders", "003-catch-all"), ids(s));
    }

    @Test
    void noMatchAndNoPendingCatchAllIsNothing() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, "fax"), List.of(PHONE, ORDERS), Set.of());
        assertTrue(s.isEmpty());
    }

    @Test
    void anUnreadableNameRunsEveryPendingUpgrade() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, null), ALL, Set.of("002-orders"));
        assertEquals(List.of("001-phone", "003-catch-all", "004-email", "005-legacy-nullable"), ids(s));
    }

    @Test
    void nullableIsHealedOnlyByADeclaredUpgradeNeverByACatchAll() {
        var declared = UpgradeSelector.select(new Miss("1364", Kind.NULLABLE, null, "legacy"), ALL,
                Set.of("001-phone", "002-orders", "003-catch-all", "004-email"));
        assertEquals(List.of("005-legacy-nullable"), ids(declared));
        var undeclared = UpgradeSelector.select(new Miss("23502", Kind.NULLABLE, "users", "name"), ALL, Set.of());
        assertTrue(undeclared.isEmpty());
        assertFalse(undeclared.alreadyApplied());
    }

    @Test
    void nothingPendingIsNothing() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, null), ALL,
                Set.of("001-phone", "002-orders", "003-catch-all", "004-email", "005-legacy-nullable"));
        assertTrue(s.isEmpty());
    }

    @Test
    void anIndexUpgradeIsNoCatchAllButComesAlongInOrder() {
        SchemaUpgrade index = new Upgrade("001b-index", Set.of(SchemaObject.index("users", "users_phone_idx")));
        List<SchemaUpgrade> upgrades = List.of(PHONE, index, ORDERS);
        var unmatched = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, "fax"), upgrades, Set.of());
        assertTrue(unmatched.isEmpty(), "not a catch-all");
        var ordered = UpgradeSelector.select(new Miss("42P01", Kind.TABLE, null, "orders"), upgrades, Set.of());
        assertEquals(List.of("001-phone", "001b-index", "002-orders"), ids(ordered));
    }
}
