package dev.schemahealer.sample.upgrades;

import dev.schemahealer.upgrades.SchemaObject;
import dev.schemahealer.upgrades.SchemaUpgrade;
import dev.schemahealer.upgrades.UpgradeContext;
import java.sql.SQLException;
import java.util.Set;

/**
 * An index for release 2's new {@code GET /customers/{id}/orders}, built online: PostgreSQL
 * {@code CREATE INDEX CONCURRENTLY}, MySQL and MariaDB {@code ALGORITHM=INPLACE, LOCK=NONE}.
 *
 * <p>No statement ever fails for want of an index, so it never triggers a heal by itself; it
 * declares {@link SchemaObject#index} so that it is no catch-all. Upgrades apply in id order, so
 * it is built by the first heal of any later upgrade (in this service, {@link AddOrderStatus},
 * which every order request needs). {@code schemahealer apply} builds it ahead of time where
 * that matters.
 */
public final class IndexOrdersByCustomer implements SchemaUpgrade {

    @Override
    public String id() {
        return "2026-11-01-04-orders-by-customer-index";
    }

    @Override
    public String description() {
        return "index orders (customer_id, created_at), built online";
    }

    @Override
    public Set<SchemaObject> heals() {
        return Set.of(SchemaObject.index("orders", "orders_customer_created_idx"));
    }

    @Override
    public void apply(UpgradeContext ctx) throws SQLException {
        ctx.createIndexIfMissing("orders", "orders_customer_created_idx", "customer_id, created_at");
    }
}
