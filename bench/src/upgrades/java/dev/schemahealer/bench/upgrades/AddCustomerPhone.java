package dev.schemahealer.bench.upgrades;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * The release-2 change HealCostBenchmark heals: {@code customers.phone}. Compiled into
 * {@code bench/target/bench-upgrades}, outside benchmarks.jar, and found by the agent only through
 * its option {@code upgrades=bench/target/bench-upgrades}.
 */
public final class AddCustomerPhone implements SchemaUpgrade {

    public static final String ID = "2026-01-01-bench-add-customer-phone";

    @Override
    public String id() {
        return ID;
    }

    @Override
    public String description() {
        return "add customers.phone (benchmark)";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "phone"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.addColumnIfMissing("customers", "phone", "varchar(32) null");
    }
}
