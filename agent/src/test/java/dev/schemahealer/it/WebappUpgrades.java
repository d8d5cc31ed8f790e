package dev.schemahealer.it;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * The upgrades of two web applications (scenarios/webapp-a and webapp-b), each loaded child-first
 * with its own copy of the upgrades API: both heal customers.email, each under its own id.
 */
final class WebappUpgrades {

    private WebappUpgrades() {
    }

    public static final class EmailA extends Email {
        public EmailA() {
            super("it-501-webapp-a-email");
        }
    }

    public static final class EmailB extends Email {
        public EmailB() {
            super("it-502-webapp-b-email");
        }
    }

    /** Webapp a's broken upgrade: its failure is kept for a backoff window by the shared driver's target. */
    public static final class BrokenA extends CountingUpgrade {
        @Override
        public String id() {
            return "it-503-webapp-a-broken";
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

    abstract static class Email extends CountingUpgrade {
        private final String id;

        Email(String id) {
            this.id = id;
        }

        @Override
        public String id() {
            return id;
        }

        @Override
        public Set<SchemaObject> heals() {
            return Set.of(SchemaObject.column("customers", "email"));
        }

        @Override
        void change(UpgradeContext ctx) throws SQLException {
            // The application's Dialect, another copy than the agent's: bridged by name.
            ctx.addColumnIfMissing("customers", "email", ctx.dialect().isMysqlFamily() ? "varchar(200) null" : "text null");
        }
    }
}
