package dev.schemahealer.it;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/** Adds customers.email after a 3 s statement: longer than the application's timeouts (scenarios/sleepy). */
public final class SleepyUpgrade extends CountingUpgrade {

    @Override
    public String id() {
        return "it-001-customer-email";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("customers", "email"));
    }

    @Override
    void change(UpgradeContext ctx) throws SQLException {
        ctx.execute(ctx.dialect() == Dialect.POSTGRESQL ? "select pg_sleep(3)" : "select sleep(3)");
        ctx.addColumnIfMissing("customers", "email", "varchar(200) null");
    }
}
