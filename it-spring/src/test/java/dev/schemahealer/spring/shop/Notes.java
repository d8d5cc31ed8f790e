package dev.schemahealer.spring.shop;

import org.springframework.data.jpa.repository.JpaRepository;

public interface Notes extends JpaRepository<OrderNote, Long> {}
