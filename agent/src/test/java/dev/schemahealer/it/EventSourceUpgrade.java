package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/** Adds events.source (registered in scenarios/tx, after the mixed upgrades). */
public final class EventSourceUpgrade extends CountingUpgrade {

    @Override
    public String id() {
        return "it-005-event-source";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("events", "source"));
    }

    @Override
    void change(UpgradeContext ctx) throws SQLException {
        ctx.addColumnIfMissing("events", "source", "varchar(16) null");
    }
}
