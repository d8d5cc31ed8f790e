package dev.schemahealer.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaObject.Kind;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class UpgradeSelectorTest {

    record Upgrade(String id, Set<SchemaObject> heals, Set<String> requires) implements SchemaUpgrade {
        Upgrade(String id, Set<SchemaObject> heals) {
            this(id, heals, Set.of());
        }

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

    static List<String> ids(List<SchemaUpgrade> upgrades) {
        List<String> ids = new ArrayList<>();
        upgrades.forEach(u -> ids.add(u.id()));
        return ids;
    }

    static List<String> ids(UpgradeSelector.Selection s) {
        return ids(s.toApply());
    }

    @Test
    void aMatchRunsThatUpgradeAloneNotEverythingBeforeIt() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "users", "email"), ALL, Set.of());
        assertEquals(List.of("004-email"), ids(s));
    }

    @Test
    void aBrokenUpgradeBesideAnUnrelatedOneBlocksNothing() {
        // The case: F001 (broken, heals members.bad) must not stand in front of S001 (books.isbn).
        SchemaUpgrade broken = new Upgrade("F001", Set.of(SchemaObject.column("members", "bad")));
        SchemaUpgrade isbn = new Upgrade("S001", Set.of(SchemaObject.column("books", "isbn")));
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "books", "isbn"), List.of(broken, isbn), Set.of());
        assertEquals(List.of("S001"), ids(s));
    }

    @Test
    void aheadOfATransactionEverythingPendingRunsDependenciesFirst() {
        SchemaUpgrade lines = new Upgrade("000-order-lines", Set.of(SchemaObject.column("orders", "lines")));
        assertEquals(List.of("001-phone", "002-orders", "000-order-lines", "003-catch-all", "004-email",
                        "005-legacy-nullable"),
                ids(UpgradeSelector.ahead(List.of(lines, PHONE, ORDERS, CATCH_ALL, EMAIL, LEGACY), Set.of("x"), id -> false)));
        assertEquals(List.of("004-email"), ids(UpgradeSelector.ahead(ALL,
                Set.of("001-phone", "002-orders", "003-catch-all", "005-legacy-nullable"), id -> false)));
    }

    @Test
    void aheadOfATransactionABrokenUpgradeKeepsBackOnlyWhatDependsOnIt() {
        SchemaUpgrade lines = new Upgrade("006-order-lines", Set.of(SchemaObject.column("orders", "lines")));
        SchemaUpgrade missing = new Upgrade("007-needs-unknown", Set.of(SchemaObject.table("t")), Set.of("999-nobody"));
        List<SchemaUpgrade> all = List.of(PHONE, ORDERS, EMAIL, lines, missing);
        // 002-orders backs off: 006 (a column on its table) waits with it; the catch-all is not registered here.
        assertEquals(List.of("001-phone", "004-email"), ids(UpgradeSelector.ahead(all, Set.of(), "002-orders"::equals)));
        // A catch-all requires everything before it: a broken 001 keeps it back, not 004 after it.
        assertEquals(List.of("002-orders", "004-email", "005-legacy-nullable"),
                ids(UpgradeSelector.ahead(ALL, Set.of(), "001-phone"::equals)));
    }

    @Test
    void declaredRequirementsComeFirstEvenWithALaterId() {
        SchemaUpgrade view = new Upgrade("001-report-view", Set.of(SchemaObject.table("order_report")), Set.of("009-totals"));
        SchemaUpgrade totals = new Upgrade("009-totals", Set.of(SchemaObject.column("orders", "total")), Set.of("002-orders"));
        var s = UpgradeSelector.select(new Miss("42P01", Kind.TABLE, null, "order_report"),
                List.of(view, ORDERS, totals, PHONE), Set.of());
        assertEquals(List.of("002-orders", "009-totals", "001-report-view"), ids(s));
    }

    @Test
    void aColumnOnATableAnotherUpgradeCreatesRequiresThatUpgrade() {
        SchemaUpgrade lines = new Upgrade("003-order-lines", Set.of(SchemaObject.column("orders", "lines")));
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "orders", "lines"), List.of(PHONE, ORDERS, lines),
                Set.of());
        assertEquals(List.of("002-orders", "003-order-lines"), ids(s));
        var applied = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "orders", "lines"),
                List.of(PHONE, ORDERS, lines), Set.of("002-orders"));
        assertEquals(List.of("003-order-lines"), ids(applied));
    }

    @Test
    void aRequirementNobodyRegisteredLeavesTheUpgradeOut() {
        SchemaUpgrade orphan = new Upgrade("010-fax", Set.of(SchemaObject.column("users", "fax")), Set.of("009-gone"));
        assertTrue(UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "users", "fax"), List.of(orphan), Set.of()).isEmpty());
        var done = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "users", "fax"), List.of(orphan), Set.of("009-gone"));
        assertEquals(List.of("010-fax"), ids(done), "applied long ago and deleted from the code: met");
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
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "admins", "email"), ALL, Set.of());
        assertEquals(List.of("004-email"), ids(s));
    }

    @Test
    void noMatchRunsPendingCatchAllsAfterEverythingBeforeThem() {
        // A catch-all says nothing of what it touches: it keeps the old rule, after every earlier upgrade.
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, "fax"), ALL, Set.of("001-phone"));
        assertEquals(List.of("002-orders", "003-catch-all"), ids(s));
    }

    @Test
    void noMatchAndNoPendingCatchAllIsNothing() {
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, "fax"), List.of(PHONE, ORDERS), Set.of());
        assertTrue(s.isEmpty());
    }

    @Test
    void aMissTheAgentCannotNameHealsNothing() throws Exception {
        // Before: every pending upgrade ran. A server with lc_messages in German, for one.
        Miss german = MissClassifier.classify(new SQLException("FEHLER: Relation »orders« existiert nicht", "42P01"));
        assertFalse(german.nameKnown());
        assertTrue(UpgradeSelector.select(german, ALL, Set.of()).isEmpty());
        assertTrue(UpgradeSelector.select(new Miss("1054", Kind.COLUMN, null, null), ALL, Set.of()).isEmpty());
    }

    @Test
    void nullableIsHealedOnlyByADeclaredUpgradeNeverByACatchAll() {
        var declared = UpgradeSelector.select(new Miss("1364", Kind.NULLABLE, null, "legacy"), ALL, Set.of());
        assertEquals(List.of("005-legacy-nullable"), ids(declared));
        var undeclared = UpgradeSelector.select(new Miss("23502", Kind.NULLABLE, "users", "name"), ALL, Set.of());
        assertTrue(undeclared.isEmpty());
        assertFalse(undeclared.alreadyApplied());
    }

    @Test
    void anIndexUpgradeIsNoCatchAllAndRidesAlongOnceItsTableExists() {
        SchemaUpgrade usersIndex = new Upgrade("001b-index", Set.of(SchemaObject.index("users", "users_phone_idx")));
        SchemaUpgrade ordersIndex = new Upgrade("002b-index", Set.of(SchemaObject.index("orders", "orders_by_user")));
        List<SchemaUpgrade> upgrades = List.of(PHONE, usersIndex, ORDERS, ordersIndex);
        var unmatched = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, null, "fax"), upgrades, Set.of());
        assertTrue(unmatched.isEmpty(), "not a catch-all");

        var phone = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "users", "phone"), upgrades, Set.of());
        assertEquals(List.of("001-phone"), ids(phone));
        assertEquals(List.of(), ids(phone.riders()), "indexes ride with a heal of an upgrade after them in id order");

        SchemaUpgrade late = new Upgrade("003-late", Set.of(SchemaObject.column("users", "late")));
        List<SchemaUpgrade> withLate = List.of(PHONE, usersIndex, ORDERS, ordersIndex, late);
        var lateHeal = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "users", "late"), withLate, Set.of());
        assertEquals(List.of("003-late"), ids(lateHeal));
        assertEquals(List.of("001b-index"), ids(lateHeal.riders()), "the orders index waits for its table");

        var orders = UpgradeSelector.select(new Miss("42P01", Kind.TABLE, null, "orders"), upgrades, Set.of("001-phone"));
        assertEquals(List.of("002-orders"), ids(orders));
        assertEquals(List.of("001b-index"), ids(orders.riders()));
        var afterOrders = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "users", "late"), withLate,
                Set.of("001-phone", "002-orders"));
        assertEquals(List.of("001b-index", "002b-index"), ids(afterOrders.riders()));
    }

    @Test
    void aCycleIsRunInIdOrder() {
        SchemaUpgrade a = new Upgrade("a", Set.of(SchemaObject.column("t", "a")), Set.of("b"));
        SchemaUpgrade b = new Upgrade("b", Set.of(SchemaObject.column("t", "b")), Set.of("a"));
        var s = UpgradeSelector.select(new Miss("42703", Kind.COLUMN, "t", "b"), List.of(a, b), Set.of());
        assertEquals(List.of("a", "b"), ids(s));
    }
}
