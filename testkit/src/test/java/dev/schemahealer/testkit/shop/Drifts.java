package dev.schemahealer.testkit.shop;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/** Upgrades that are wrong in one way each, for the testkit's own tests; none is registered. */
public final class Drifts {

    private Drifts() {
    }

    /** Adds the column without checking first: its second run fails. */
    public static SchemaUpgrade unguardedPhone() {
        return upgrade("2026-01-01-01-phone", SchemaObject.column("customers", "phone"),
                ctx -> ctx.execute("alter table customers add phone varchar(32) null"));
    }

    /** Drops and rebuilds its index on every run: the second run changes the index's identity. */
    public static SchemaUpgrade rebuiltIndex() {
        return upgrade("2026-01-01-02-name-index", SchemaObject.index("customers", "customers_name_idx"), ctx -> {
            if (ctx.indexExists("customers", "customers_name_idx")) {
                ctx.execute(ctx.dialect() == dev.schemahealer.upgrades.Dialect.POSTGRESQL
                        ? "drop index customers_name_idx" : "drop index customers_name_idx on customers");
            }
            ctx.createIndexIfMissing("customers", "customers_name_idx", "name");
        });
    }

    /** varchar(64) where the current schema says varchar(32). */
    public static SchemaUpgrade widePhone() {
        return upgrade("2026-01-01-01-phone", SchemaObject.column("customers", "phone"),
                ctx -> ctx.addColumnIfMissing("customers", "phone", "varchar(64) null"));
    }

    /** A default the current schema does not have. */
    public static SchemaUpgrade notesWithDefault() {
        return upgrade("2026-01-01-03-notes", SchemaObject.table("notes"),
                ctx -> ctx.createTableIfMissing("notes", "(id bigint primary key, body varchar(200) not null default 'none')"));
    }

    /** Declares a column it does not create. */
    public static SchemaUpgrade phoneDeclaredAsMobile() {
        return upgrade("2026-01-01-01-phone", SchemaObject.column("customers", "mobile"),
                ctx -> ctx.addColumnIfMissing("customers", "phone", "varchar(32) null"));
    }

    /**
     * A table whose foreign key references {@code notes}, which another upgrade creates: it needs
     * that upgrade, and says so only when {@code requires} names it.
     */
    public static SchemaUpgrade noteTags(String... requires) {
        SchemaUpgrade tags = upgrade("2026-01-01-04-note-tags", SchemaObject.table("note_tags"),
                ctx -> ctx.createTableIfMissing("note_tags", "(id bigint primary key, note_id bigint not null,"
                        + " constraint note_tags_note foreign key (note_id) references notes (id))"));
        return new SchemaUpgrade() {
            @Override
            public String id() {
                return tags.id();
            }

            @Override
            public Set<SchemaObject> heals() {
                return tags.heals();
            }

            @Override
            public Set<String> requires() {
                return Set.of(requires);
            }

            @Override
            public void apply(UpgradeContext ctx) throws SQLException {
                tags.apply(ctx);
            }
        };
    }

    interface Body {
        void apply(UpgradeContext ctx) throws SQLException;
    }

    private static SchemaUpgrade upgrade(String id, SchemaObject heals, Body body) {
        return new SchemaUpgrade() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public Set<SchemaObject> heals() {
                return Set.of(heals);
            }

            @Override
            public void apply(UpgradeContext ctx) throws SQLException {
                body.apply(ctx);
            }
        };
    }
}
