package com.example.commerce.events.shipping;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The courier delivered the shipment.
 * Keyed by {@code orderId}.
 */
public record ShipmentDelivered(UUID orderId, UUID shipmentId, Instant occurredAt) implements IntegrationEvent {

    public ShipmentDelivered {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(shipmentId, "shipmentId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
