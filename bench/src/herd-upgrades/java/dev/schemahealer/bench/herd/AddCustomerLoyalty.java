package dev.schemahealer.bench.herd;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * The change HerdBenchmark's herd misses: {@code customers.loyalty}. Each run of {@code apply}
 * first writes a row to {@code herd_apply_log}, so the benchmark can count how often the upgrade
 * ran across both JVMs (the DDL itself runs at most that often). Compiled into
 * {@code bench/target/herd-upgrades}, apart from HealCostBenchmark's upgrades.
 */
public final class AddCustomerLoyalty implements SchemaUpgrade {

    @Override
    public String id() {
        return "2026-02-01-bench-herd-add-customer-loyalty";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "loyalty"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.execute("insert into herd_apply_log (pid) values (" + ProcessHandle.current().pid() + ")");
        ctx.addColumnIfMissing("customers", "loyalty", "int null");
    }
}
