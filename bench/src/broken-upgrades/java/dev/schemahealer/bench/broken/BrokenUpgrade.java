package dev.schemahealer.bench.broken;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * An upgrade that always fails, for TransactionHappyPathBenchmark's "pending" forks: with it
 * registered ({@code upgrades=bench/target/bench-upgrades:bench/target/broken-upgrades}), the
 * database always has something pending that backs off, the state a broken release leaves.
 */
public final class BrokenUpgrade implements SchemaUpgrade {

    @Override
    public String id() {
        return "2026-01-03-bench-broken";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "never_there"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.execute("alter table customers add column never_there this_is_not_a_type");
    }
}
