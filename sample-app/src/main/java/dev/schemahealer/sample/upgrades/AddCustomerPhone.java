package dev.schemahealer.sample.upgrades;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * Expand: a new nullable column. Release 2 reads it in {@code GET /customers/{id}} and writes it
 * in {@code POST /customers}; either request triggers this upgrade the first time it runs.
 */
public final class AddCustomerPhone implements SchemaUpgrade {

    @Override
    public String id() {
        return "2026-11-01-01-customer-phone";
    }

    @Override
    public String description() {
        return "add customers.phone (nullable)";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "phone"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        // Nullable without a default: a catalog-only change on both engines, whatever the table's size.
        ctx.addColumnIfMissing("customers", "phone", "varchar(32) null");
    }
}
