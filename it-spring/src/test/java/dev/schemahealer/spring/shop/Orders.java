package dev.schemahealer.spring.shop;

import java.util.List;
import org.springframework.data.jpa.repository.JpaRepository;

public interface Orders extends JpaRepository<PurchaseOrder, Long> {
    List<PurchaseOrder> findByCustomerId(Long customerId);
}
