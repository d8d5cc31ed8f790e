package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/** Registered in scenarios/blast: a broken upgrade with the smaller id beside an unrelated one. */
final class BlastUpgrades {

    private BlastUpgrades() {
    }

    /** Fails every time; before, every later upgrade waited behind it. */
    public static final class BrokenFirst extends CountingUpgrade {
        @Override
        public String id() {
            return "it-100-broken";
        }

        @Override
        public Set<SchemaObject> heals() {
            return Set.of(SchemaObject.column("customers", "bad"));
        }

        @Override
        void change(UpgradeContext ctx) throws SQLException {
            ctx.execute("alter table customers add column bad this_is_not_a_type");
        }
    }

    public static final class CustomerEmail extends CountingUpgrade {
        @Override
        public String id() {
            return "it-200-customer-email";
        }

        @Override
        public Set<SchemaObject> heals() {
            return Set.of(SchemaObject.column("customers", "email"));
        }

        @Override
        void change(UpgradeContext ctx) throws SQLException {
            ctx.addColumnIfMissing("customers", "email", "varchar(200) null");
        }
    }
}
