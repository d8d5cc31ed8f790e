package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * Adds customers.email with raw statements that must not run twice (a plain {@code ALTER TABLE
 * ADD} fails the second time; the insert would count twice), then, while the table
 * {@code crash_here} exists, announces {@code DDL_DONE} and hangs before its ledger row can be
 * written: the test kills its JVM there (registered in scenarios/crash).
 */
public final class CrashingUpgrade implements SchemaUpgrade {

    @Override
    public String id() {
        return "it-001-customer-email";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "email"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.execute("alter table customers add column email varchar(200) null");
        ctx.execute("insert into it_apply_log (upgrade_id, pid) values ('" + id() + "', " + ProcessHandle.current().pid() + ")");
        if (ctx.tableExists("crash_here")) {
            System.out.println("DDL_DONE");
            System.out.flush();
            try {
                Thread.sleep(600_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
