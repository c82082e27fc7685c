package com.example.commerce.shipping.shipment;

import jakarta.persistence.LockModeType;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Lock;
import org.springframework.data.jpa.repository.Query;

/** The shipments; one per order at most. */
public interface Shipments extends JpaRepository<Shipment, UUID> {

    Optional<Shipment> findByOrderId(UUID orderId);

    /** The shipment of {@code orderId}, locked until the transaction ends, so its changes queue up. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT s FROM Shipment s WHERE s.orderId = :orderId")
    Optional<Shipment> lockByOrderId(UUID orderId);

    /** The shipment {@code id}, locked until the transaction ends. */
    @Lock(LockModeType.PESSIMISTIC_WRITE)
    @Query("SELECT s FROM Shipment s WHERE s.id = :id")
    Optional<Shipment> lock(UUID id);

    /**
     * Booked or dispatched shipments without open courier work whose last change (and last look-up) is older than
     * {@code before}, locked, skipping those another transaction holds.
     */
    @Query(nativeQuery = true, value = """
            SELECT id FROM shipment
            WHERE status IN ('BOOKED', 'DISPATCHED') AND courier_work IS NULL AND booking_id IS NOT NULL
              AND updated_at < :before AND (tracked_at IS NULL OR tracked_at < :before)
            ORDER BY updated_at LIMIT :limit FOR UPDATE SKIP LOCKED""")
    List<UUID> lockUnheardOf(Instant before, int limit);

    @Query("SELECT t FROM TrackingEvent t WHERE t.shipmentId = :shipmentId ORDER BY t.seq")
    List<TrackingEvent> historyOf(UUID shipmentId);
}
