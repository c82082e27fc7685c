package com.example.commerce.order.order;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.JpaSpecificationExecutor;
import org.springframework.data.jpa.repository.Query;

/** The orders. */
public interface Orders extends JpaRepository<Order, UUID>, JpaSpecificationExecutor<Order> {

    /**
     * Locks up to {@code limit} orders whose deadline passed before {@code now}, oldest deadline first, skipping
     * rows another instance holds: two deadline jobs never take one order. Every non-terminal state has a
     * deadline and a terminal one none, so this is every state the job acts on (index
     * {@code orders_open_deadline_idx}, partial on {@code deadline_at IS NOT NULL}).
     */
    @Query(value = """
            SELECT id FROM orders WHERE deadline_at < :now
            ORDER BY deadline_at LIMIT :limit FOR UPDATE SKIP LOCKED""", nativeQuery = true)
    List<UUID> lockOverdue(Instant now, int limit);
}
