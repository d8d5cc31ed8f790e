package dev.schemahealer.testkit;

import dev.schemahealer.testing.CatalogSnapshot;
import dev.schemahealer.testing.TestDatabase;
import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.JdbcUpgradeContext;
import dev.schemahealer.upgrades.SchemaUpgrade;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.opentest4j.AssertionFailedError;

/** The assertions about the upgrades as a whole, each on scratch databases of its own. */
final class UpgradeChecks {

    /** The ledger: only a healed database has one. */
    private static final String LEDGER = "schemahealer_history";
    private static final Duration LOCK_TIMEOUT = Duration.ofSeconds(5);

    private UpgradeChecks() {
    }

    static void idempotent(HealingDatabase db) {
        withScratch(db, c -> {
            applyAll(db, c, "on the previous schema " + db.schemas().previous());
            List<String> failures = new ArrayList<>();
            for (SchemaUpgrade u : db.upgrades()) {
                CatalogSnapshot before = CatalogSnapshot.take(c);
                try {
                    apply(u, c);
                } catch (Exception e) {
                    failures.add("upgrade " + u.id() + " is not idempotent: its second run failed with "
                            + Messages.describe(e));
                    continue;
                }
                List<String> diff = before.diff(CatalogSnapshot.take(c));
                if (!diff.isEmpty()) {
                    failures.add("upgrade " + u.id() + " is not idempotent: its second run changed the schema"
                            + " (- before, + after):\n  " + String.join("\n  ", diff));
                }
            }
            if (!failures.isEmpty()) {
                throw new AssertionFailedError(String.join("\n", failures));
            }
        });
    }

    static void reproducesCurrentSchema(HealingDatabase db) {
        if (!db.schemas().hasCurrent()) {
            throw new AssertionFailedError("no current schema to compare with: name it in @ReleaseSchemas(current = \"...\")");
        }
        CatalogSnapshot[] healed = new CatalogSnapshot[1];
        withScratch(db, c -> {
            applyAll(db, c, "on the previous schema " + db.schemas().previous());
            healed[0] = CatalogSnapshot.take(c).without(LEDGER).portable();
        });
        CatalogSnapshot[] fresh = new CatalogSnapshot[1];
        List<String> changedFresh = new ArrayList<>();
        withScratch(db, null, c -> {
            db.schemas().loadCurrent(c);
            CatalogSnapshot installed = CatalogSnapshot.take(c);
            fresh[0] = installed.portable();
            applyAll(db, c, "on a fresh install of " + db.schemas().current());
            List<String> diff = installed.diff(CatalogSnapshot.take(c));
            if (!diff.isEmpty()) {
                changedFresh.add("the upgrades change a fresh install of " + db.schemas().current()
                        + " (- before, + after):\n  " + String.join("\n  ", diff));
            }
        });
        List<String> diff = fresh[0].diff(healed[0]);
        if (!diff.isEmpty()) {
            throw new AssertionFailedError("the upgrades do not take " + db.schemas().previous() + " to "
                    + db.schemas().current() + " (- only in a fresh install of " + db.schemas().current()
                    + ", + only in " + db.schemas().previous() + " with every upgrade applied):\n  "
                    + String.join("\n  ", diff), fresh[0].toString(), healed[0].toString());
        }
        if (!changedFresh.isEmpty()) {
            throw new AssertionFailedError(changedFresh.get(0));
        }
    }

    static void apply(SchemaUpgrade upgrade, Connection c) throws SQLException {
        try (JdbcUpgradeContext ctx = JdbcUpgradeContext.open(c, Dialect.of(c), LOCK_TIMEOUT, upgrade.id())) {
            upgrade.apply(ctx);
        }
    }

    private static void applyAll(HealingDatabase db, Connection c, String where) {
        for (SchemaUpgrade u : db.upgrades()) {
            try {
                apply(u, c);
            } catch (Exception e) {
                throw new AssertionFailedError("upgrade " + u.id() + " failed " + where + ": " + Messages.describe(e), e);
            }
        }
    }

    interface Work {
        void run(Connection c) throws SQLException;
    }

    /** Runs {@code work} on a fresh database of the test's engine loaded with the previous schema. */
    static void withScratch(HealingDatabase db, Work work) {
        withScratch(db, db.schemas(), work);
    }

    private static void withScratch(HealingDatabase db, Schemas previous, Work work) {
        try (TestDatabase scratch = TestDatabase.create(db.engine()); Connection c = scratch.connect()) {
            if (previous != null) {
                previous.loadPrevious(c);
            }
            work.run(c);
        } catch (SQLException e) {
            throw new AssertionFailedError("cannot prepare a scratch database: " + e, e);
        }
    }
}
