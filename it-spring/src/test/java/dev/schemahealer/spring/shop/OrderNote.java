package dev.schemahealer.spring.shop;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

/** Release 2: a new table whose foreign key references {@code orders}. */
@Entity
@Table(name = "order_notes")
public class OrderNote {
    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    private Long id;
    @Column(name = "order_id")
    private Long orderId;
    private String note;

    protected OrderNote() {
    }

    public OrderNote(Long orderId, String note) {
        this.orderId = orderId;
        this.note = note;
    }
}
