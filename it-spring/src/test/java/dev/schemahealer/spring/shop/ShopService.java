package dev.schemahealer.spring.shop;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The release-2 service: each method one transaction, as Spring runs it; no retry anywhere. */
@Service
public class ShopService {

    private final Customers customers;
    private final Orders orders;
    private final Notes notes;

    public ShopService(Customers customers, Orders orders, Notes notes) {
        this.customers = customers;
        this.orders = orders;
        this.notes = notes;
    }

    @Transactional
    public long createCustomer(String name, String phone) {
        return customers.saveAndFlush(new Customer(name, phone)).getId();
    }

    /** Loads the customer, inserts the order, inserts a note: one transaction. */
    @Transactional
    public long placeOrder(long customerId, int amount, String note) {
        Customer customer = customers.findById(customerId).orElseThrow();
        PurchaseOrder order = orders.saveAndFlush(new PurchaseOrder(customer.getId(), amount, "NEW"));
        notes.saveAndFlush(new OrderNote(order.getId(), note));
        return order.getId();
    }

    @Transactional(readOnly = true)
    public String phoneOf(long customerId) {
        return customers.findById(customerId).map(Customer::getPhone).orElse(null);
    }

    @Transactional(readOnly = true)
    public int ordersOf(long customerId) {
        List<PurchaseOrder> list = orders.findByCustomerId(customerId);
        return list.size();
    }
}
