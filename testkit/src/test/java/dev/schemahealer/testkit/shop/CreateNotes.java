package dev.schemahealer.testkit.shop;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

public final class CreateNotes implements SchemaUpgrade {
    @Override
    public String id() {
        return "2026-01-01-03-notes";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.table("notes"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.createTableIfMissing("notes", "(id bigint primary key, body varchar(200) not null default '')");
    }
}
