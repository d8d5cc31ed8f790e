package dev.schemahealer.sample.upgrades;

import dev.schemahealer.upgrades.Dialect;
import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * A new NOT NULL column with a default: every existing order becomes {@code NEW}. Read by every
 * release-2 order request, written by {@code POST /orders}.
 *
 * <p>Instant on both engines, whatever the table's size: PostgreSQL 11+ keeps a constant default
 * in the catalog instead of rewriting the table; MySQL 8.0.12+ and MariaDB 10.3+ add the column
 * with {@code ALGORITHM=INSTANT}, which fails rather than falling back to a table copy.
 */
public final class AddOrderStatus implements SchemaUpgrade {

    @Override
    public String id() {
        return "2026-11-01-05-order-status";
    }

    @Override
    public String description() {
        return "add orders.status not null default 'NEW' (instant)";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.column("orders", "status"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        if (ctx.dialect() == Dialect.POSTGRESQL) {
            ctx.addColumnIfMissing("orders", "status", "varchar(16) not null default 'NEW'");
        } else if (!ctx.columnExists("orders", "status")) {
            // Raw SQL for the ALGORITHM clause; the check above keeps it idempotent.
            ctx.execute("alter table orders add column status varchar(16) not null default 'NEW', algorithm=instant");
        }
    }
}
