package dev.schemahealer.testkit.shop;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.util.Set;

/** The contract step: release 2 stops writing {@code legacy}. Dropping NOT NULL twice changes nothing. */
public final class LegacyNullable implements SchemaUpgrade {
    @Override
    public String id() {
        return "2026-01-01-04-legacy";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.nullable("customers", "legacy"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws java.sql.SQLException {
        ctx.execute(ctx.dialect() == Dialect.POSTGRESQL
                ? "alter table customers alter column legacy drop not null"
                : "alter table customers modify legacy varchar(10) null");
    }
}
