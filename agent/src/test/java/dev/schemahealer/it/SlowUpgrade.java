package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * The same change as it-001, but it announces itself and then hangs while holding the cluster
 * lock (registered in scenarios/slow): the test kills its JVM there.
 */
public final class SlowUpgrade extends CountingUpgrade {

    @Override
    public String id() {
        return "it-001-customer-email";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "email"));
    }

    @Override
    void change(UpgradeContext ctx) throws SQLException {
        System.out.println("SLOW_UPGRADE_HOLDS_THE_LOCK");
        System.out.flush();
        try {
            Thread.sleep(600_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        ctx.addColumnIfMissing("customers", "email", "varchar(200) null");
    }
}
