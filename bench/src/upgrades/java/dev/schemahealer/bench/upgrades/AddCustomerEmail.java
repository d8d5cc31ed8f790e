package dev.schemahealer.bench.upgrades;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * The second release-2 change HealCostBenchmark heals (the ledger exists by then): {@code customers.email}. Compiled into
 * {@code bench/target/bench-upgrades}, outside benchmarks.jar, and found by the agent only through
 * its option {@code upgrades=bench/target/bench-upgrades}.
 */
public final class AddCustomerEmail implements SchemaUpgrade {

    public static final String ID = "2026-01-02-bench-add-customer-email";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "add customers.email (benchmark)";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "email"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.addColumnIfMissing("customers", "email", "varchar(200) null");
    }
}
