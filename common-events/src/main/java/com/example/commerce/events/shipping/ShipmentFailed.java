package com.example.commerce.events.shipping;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The shipment could not be delivered.
 * Keyed by {@code orderId}.
 */
public record ShipmentFailed(
        UUID orderId,
        UUID shipmentId,
        String reason,
        Instant occurredAt) implements IntegrationEvent {

    public ShipmentFailed {
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
