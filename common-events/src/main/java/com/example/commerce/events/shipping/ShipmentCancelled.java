package com.example.commerce.events.shipping;

import com.example.commerce.events.IntegrationEvent;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A shipment was called off before the courier picked it up (its order was cancelled); the courier's booking,
 * if there was one, is cancelled.
 * Keyed by {@code orderId}.
 */
public record ShipmentCancelled(UUID orderId, UUID shipmentId, String reason, Instant occurredAt)
        implements IntegrationEvent {

    public ShipmentCancelled {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(shipmentId, "shipmentId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
