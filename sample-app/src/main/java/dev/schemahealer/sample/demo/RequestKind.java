package dev.schemahealer.sample.demo;

import dev.schemahealer.upgrades.SchemaObject;
import java.util.Set;

/**
 * The requests the demo sends, how often (weights), and the release-2 objects each one needs: the
 * latter only to say in the summary which request a heal's trigger came from.
 */
enum RequestKind {
    GET_CUSTOMER("GET  /customers/{id}", 3, SchemaObject.column("customers", "phone")),
    CREATE_CUSTOMER("POST /customers", 2, SchemaObject.column("customers", "phone"),
            SchemaObject.nullable("customers", "legacy_code")),
    CUSTOMER_ORDERS("GET  /customers/{id}/orders", 1, SchemaObject.column("orders", "status")),
    PLACE_ORDER("POST /orders  (transaction)", 2, SchemaObject.column("orders", "status"),
            SchemaObject.table("order_lines")),
    GET_ORDER("GET  /orders/{id}", 2, SchemaObject.column("orders", "status"), SchemaObject.table("order_lines")),
    RECORD_EVENTS("POST /customers/{id}/events  (batch)", 1, SchemaObject.table("customer_events"));

    final String label;
    final int weight;
    final Set<SchemaObject> needs;

    RequestKind(String label, int weight, SchemaObject... needs) {
        this.label = label;
        this.weight = weight;
        this.needs = Set.of(needs);
    }

    /** Whether this request needs the object a ledger trigger names ({@code "42703 column customers.phone"}). */
    boolean needs(SchemaObject.Kind kind, String name) {
        for (SchemaObject o : needs) {
            if (o.kind() == kind && o.name().equals(name)) {
                return true;
            }
        }
        return false;
    }

    static int totalWeight() {
        int total = 0;
        for (RequestKind k : values()) {
            total += k.weight;
        }
        return total;
    }
}
