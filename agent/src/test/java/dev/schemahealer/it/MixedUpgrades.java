package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/** The upgrades of the mixed-traffic scenario (registered in scenarios/mixed). */
final class MixedUpgrades {

    private MixedUpgrades() {
    }

    public static final class CustomerEmail extends CountingUpgrade {
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
            ctx.addColumnIfMissing("customers", "email", "varchar(200) null");
        }
    }

    public static final class CustomerPhone extends CountingUpgrade {
        @Override
        public String id() {
            return "it-002-customer-phone";
        }

        @Override
        public Set<SchemaObject> heals() {
            return Set.of(SchemaObject.column("customers", "phone"));
        }

        @Override
        void change(UpgradeContext ctx) throws SQLException {
            ctx.addColumnIfMissing("customers", "phone", "varchar(32) null");
        }
    }

    public static final class Orders extends CountingUpgrade {
        @Override
        public String id() {
            return "it-003-orders";
        }

        @Override
        public Set<SchemaObject> heals() {
            return Set.of(SchemaObject.table("orders"));
        }

        @Override
        void change(UpgradeContext ctx) throws SQLException {
            ctx.createTableIfMissing("orders", "(id bigint primary key, customer_id bigint not null, amount int not null)");
        }
    }

    public static final class CustomerName extends CountingUpgrade {
        @Override
        public String id() {
            return "it-004-customer-name-index";
        }

        @Override
        public Set<SchemaObject> heals() {
            return Set.of(SchemaObject.column("customers", "segment"));
        }

        @Override
        void change(UpgradeContext ctx) throws SQLException {
            ctx.addColumnIfMissing("customers", "segment", "varchar(16) default 'retail' not null");
            ctx.createIndexIfMissing("customers", "customers_segment_idx", "segment");
        }
    }
}
