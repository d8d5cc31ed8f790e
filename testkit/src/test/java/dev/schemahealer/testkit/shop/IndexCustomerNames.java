package dev.schemahealer.testkit.shop;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

public final class IndexCustomerNames implements SchemaUpgrade {
    @Override
    public String id() {
        return "2026-01-01-02-name-index";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.index("customers", "customers_name_idx"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.createIndexIfMissing("customers", "customers_name_idx", "name");
    }
}
