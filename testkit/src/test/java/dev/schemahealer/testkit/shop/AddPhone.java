package dev.schemahealer.testkit.shop;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

public final class AddPhone implements SchemaUpgrade {
    @Override
    public String id() {
        return "2026-01-01-01-phone";
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
