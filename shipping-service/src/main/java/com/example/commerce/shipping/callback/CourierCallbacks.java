package com.example.commerce.shipping.callback;

import com.example.commerce.shipping.saga.ShipmentSaga;
import com.example.commerce.shipping.shipment.ShipmentStatus;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Takes an authenticated courier status update once per courier event id: the id is recorded in the same
 * transaction as the shipment's change, so a repeated callback changes nothing.
 */
@Service
class CourierCallbacks {

    enum Outcome { APPLIED, DUPLICATE, UNKNOWN_SHIPMENT }

    private final JdbcTemplate jdbc;
    private final ShipmentSaga saga;
    private final Clock clock;

    CourierCallbacks(JdbcTemplate jdbc, ShipmentSaga saga, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.saga = saga;
    }

    @Transactional
    public Outcome receive(CourierStatusUpdate update) {
        int fresh = jdbc.update("""
                INSERT INTO courier_callback (event_id, shipment_id, status, received_at) VALUES (?, ?, ?, ?)
                ON CONFLICT DO NOTHING""", update.id(), update.shipmentId(), update.status(),
                Timestamp.from(clock.instant()));
        if (fresh == 0) {
            return Outcome.DUPLICATE;
        }
        boolean known = saga.courierReported(update.shipmentId(), ShipmentStatus.valueOf(update.status()),
                update.bookingId(), update.trackingNumber(), update.reason(),
                update.occurredAt() == null ? clock.instant() : update.occurredAt());
        if (!known) {
            throw new UnknownShipmentException(update.shipmentId());
        }
        return Outcome.APPLIED;
    }

    /** A callback about a shipment this service does not have: the transaction (and its dedup row) rolls back. */
    static final class UnknownShipmentException extends RuntimeException {
        UnknownShipmentException(UUID shipmentId) {
            super("No shipment " + shipmentId);
        }
    }

    /** A status update in our words; {@code reference} of the courier's callback is our shipment id. */
    record CourierStatusUpdate(String id, UUID shipmentId, String bookingId, String trackingNumber, String status,
                               String reason, Instant occurredAt) {
    }
}
