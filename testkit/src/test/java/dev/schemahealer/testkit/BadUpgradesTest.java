package dev.schemahealer.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.schemahealer.testing.Engine;
import dev.schemahealer.testkit.shop.AddPhone;
import dev.schemahealer.testkit.shop.CreateNotes;
import dev.schemahealer.testkit.shop.Drifts;
import dev.schemahealer.testkit.shop.IndexCustomerNames;
import dev.schemahealer.testkit.shop.LegacyNullable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Each kind of bad upgrade makes a user's test fail, with a message that says what is wrong. The
 * user's tests are the nested classes below, run through the JUnit launcher as a build would run
 * them; they run on PostgreSQL and MySQL/MariaDB each.
 */
class BadUpgradesTest {

    @Test
    void aNonIdempotentUpgradeFailsTheTest() {
        assertAll(run(NonIdempotent.class, 2), "upgrade 2026-01-01-01-phone is not idempotent: its second run failed with");
        // Its second run succeeds but drops and recreates the index: a new oid. (MySQL's catalog keeps no
        // identity of an index, so only PostgreSQL can tell.)
        assertAll(run(RebuiltIndex.class, 1), "upgrade 2026-01-01-02-name-index is not idempotent: its second run"
                + " changed the schema (- before, + after):\n  - index customers.customers_name_idx oid=");
    }

    @Test
    void anUpgradeThatDriftsFromTheFullSchemaFailsTheTestWithADiff() {
        // A default, on both engines (the catalogs speak differently).
        List<String> failures = run(DriftingDefault.class, 2);
        assertAll(failures, "the upgrades do not take db/shop-v1-");
        assertAll(failures, "(- only in a fresh install of db/shop-v2-");
        assertTrue(failures.get(0).contains("- column notes.body type=character varying(200) not_null=t default=''")
                && failures.get(0).contains("+ column notes.body type=character varying(200) not_null=t default='none'"),
                failures.get(0));
        assertTrue(failures.get(1).contains("- column notes.body column_type=varchar(200) is_nullable=NO column_default=''")
                && failures.get(1).contains("column_default='none'"), failures.get(1));
        // A missing index (MySQL/MariaDB), a type (PostgreSQL).
        assertAll(run(MissingIndex.class, 1), "- index customers.customers_name_idx seq_in_index=1 column_name=name");
        List<String> type = run(DriftingType.class, 1);
        assertAll(type, "- column customers.phone type=character varying(32)");
        assertAll(type, "+ column customers.phone type=character varying(64)");
    }

    @Test
    void codeThatNeedsAnUnregisteredUpgradeFailsTheTest() {
        List<String> failures = run(Unregistered.class, 2);
        assertAll(failures, "the code did not heal: it failed with");
        assertAll(failures, "no upgrade was applied. If this is a schema miss, no registered upgrade declares the missing"
                + " object in heals()");
        assertTrue(failures.get(0).contains("SQLState 42703") && failures.get(0).contains("email"), failures.get(0));
        assertTrue(failures.get(1).contains("code 1054") && failures.get(1).contains("email"), failures.get(1));
    }

    @Test
    void aHealsDeclarationNamingWhatTheUpgradeDoesNotCreateFailsTheTest() {
        List<String> failures = run(WrongHeals.class, 2);
        assertAll(failures, "upgrade 2026-01-01-01-phone declares heals() column customers.mobile, but it does not"
                + " create it (it created: [column customers.phone])");
        assertAll(failures, "upgrade 2026-01-01-01-phone creates column customers.phone, which its heals() does not"
                + " declare: a statement that misses it would not run this upgrade");
    }

    @Test
    void anUpgradeThatNeedsAnotherItDoesNotRequireFailsTheTest() {
        // Each user test checks one upgrade set with and one without the requirement: one fails per engine.
        assertAll(run(MissingRequirement.class, 2), "upgrade 2026-01-01-04-note-tags fails when a heal applies it with"
                + " only what it requires before it (nothing): ");
        assertAll(run(UnknownRequirement.class, 2), "upgrade 2026-01-01-04-note-tags requires [2026-01-01-99-notes],"
                + " which no registered upgrade is: a heal never applies it.");
    }

    @Test
    void healingWithOtherUpgradesThanNamedFailsTheTest() {
        List<String> failures = run(WrongUpgradesNamed.class, 2);
        assertAll(failures, "the code healed with upgrades [2026-01-01-02-name-index, 2026-01-01-03-notes],"
                + " expected exactly [2026-01-01-03-notes]");
    }

    @Test
    void aTestClassWithoutSchemasIsToldWhatToAdd() {
        assertAll(run(NoSchemas.class, 1), "has @HealingTest methods but no @ReleaseSchemas(previous = \"...\") naming"
                + " the schema to start from");
    }

    // ---- the user's tests ----

    @UserTests
    static class NoSchemas {
        @HealingTest
        void heals(HealingDatabase db) {
            db.assertHeals("select 1");
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql", current = "db/shop-v2-{dialect}.sql")
    static class NonIdempotent {
        @HealingTest
        void a_unguarded(HealingDatabase db) {
            db.withUpgrades(Drifts.unguardedPhone()).assertIdempotent();
        }

    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql", engines = Engine.POSTGRESQL)
    static class RebuiltIndex {
        @HealingTest
        void rebuilt(HealingDatabase db) {
            db.withUpgrades(new AddPhone(), Drifts.rebuiltIndex()).assertIdempotent();
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql", current = "db/shop-v2-{dialect}.sql")
    static class DriftingDefault {
        @HealingTest
        void defaultDrifts(HealingDatabase db) {
            db.withUpgrades(new AddPhone(), new IndexCustomerNames(), Drifts.notesWithDefault(), new LegacyNullable())
                    .assertUpgradesReproduceCurrentSchema();
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql", current = "db/shop-v2-{dialect}.sql", engines = Engine.MYSQL)
    static class MissingIndex {
        @HealingTest
        void indexMissing(HealingDatabase db) {
            db.withUpgrades(new AddPhone(), new CreateNotes(), new LegacyNullable()).assertUpgradesReproduceCurrentSchema();
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql", current = "db/shop-v2-{dialect}.sql",
            engines = Engine.POSTGRESQL)
    static class DriftingType {
        @HealingTest
        void typeDrifts(HealingDatabase db) {
            db.withUpgrades(Drifts.widePhone(), new IndexCustomerNames(), new CreateNotes(), new LegacyNullable())
                    .assertUpgradesReproduceCurrentSchema();
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql")
    static class Unregistered {
        @HealingTest
        void readsAColumnNoUpgradeCreates(HealingDatabase db) {
            db.assertHeals("select email from customers");
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql")
    static class WrongHeals {
        @HealingTest
        void declaresMobile(HealingDatabase db) {
            db.withUpgrades(Drifts.phoneDeclaredAsMobile()).assertHealsDeclared();
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql")
    static class MissingRequirement {
        @HealingTest
        void undeclared(HealingDatabase db) {
            db.withUpgrades(new CreateNotes(), Drifts.noteTags()).assertHealsDeclared();
        }

        @HealingTest
        void declared(HealingDatabase db) {
            db.withUpgrades(new CreateNotes(), Drifts.noteTags("2026-01-01-03-notes")).assertHealsDeclared();
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql")
    static class UnknownRequirement {
        @HealingTest
        void misspelt(HealingDatabase db) {
            db.withUpgrades(new CreateNotes(), Drifts.noteTags("2026-01-01-99-notes")).assertHealsDeclared();
        }
    }

    @UserTests
    @ReleaseSchemas(previous = "db/shop-v1-{dialect}.sql")
    static class WrongUpgradesNamed {
        @HealingTest
        void notesOnly(HealingDatabase db) {
            db.assertHeals("insert into notes (id, body) values (1, 'x')", "2026-01-01-03-notes");
        }
    }

    // ---- running them ----

    /** The user's tests run only through {@link #run}, never by themselves (a -Dtest pattern may match them). */
    @Retention(RetentionPolicy.RUNTIME)
    @EnabledIfSystemProperty(named = USER_TESTS, matches = "true")
    @interface UserTests {
    }

    private static final String USER_TESTS = "schemahealer.testkit.userTests";

    /** Runs the user's test class; returns the failure messages in display order, expecting {@code count} failures. */
    private static List<String> run(Class<?> userTests, int count) {
        Launcher launcher = LauncherFactory.create();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        System.setProperty(USER_TESTS, "true");
        try {
            launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(userTests)).build(), listener);
        } finally {
            System.clearProperty(USER_TESTS);
        }
        TestExecutionSummary summary = listener.getSummary();
        List<String> messages = summary.getFailures().stream()
                .sorted((a, b) -> a.getTestIdentifier().getUniqueId().compareTo(b.getTestIdentifier().getUniqueId()))
                .map(f -> f.getTestIdentifier().getDisplayName() + ": " + f.getException().getMessage())
                .toList();
        assertEquals(count, summary.getTotalFailureCount(), () -> String.join("\n\n", messages));
        return messages;
    }

    private static void assertAll(List<String> failures, String expected) {
        for (String failure : failures) {
            assertTrue(failure.contains(expected), () -> "expected <" + expected + "> in:\n" + failure);
        }
    }
}
