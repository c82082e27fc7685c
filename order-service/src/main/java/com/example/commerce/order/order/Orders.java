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
     * Locks up to {@code limit} PENDING or CONFIRMED orders whose deadline passed before {@code now}, oldest
     * deadline first, skipping rows another instance holds: two deadline jobs never take one order.
     */
    @Query(value = """
            SELECT id FROM orders WHERE status IN ('PENDING', 'CONFIRMED') AND deadline_at < :now
            ORDER BY deadline_at LIMIT :limit FOR UPDATE SKIP LOCKED""", nativeQuery = true)
    List<UUID> lockOverdue(Instant now, int limit);
}
