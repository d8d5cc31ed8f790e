package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/** Fails every time (registered in scenarios/broken): the agent must back off, not retry per statement. */
public final class BrokenUpgrade extends CountingUpgrade {

    @Override
    public String id() {
        return "it-900-broken";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "email"));
    }

    @Override
    void change(UpgradeContext ctx) throws SQLException {
        ctx.execute("alter table customers add column email this_is_not_a_type");
    }
}
