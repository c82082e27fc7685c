package com.example.commerce.events.shipping;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A shipment was booked with a courier; {@code trackingNumber} is {@code null} until the courier assigns one.
 * Keyed by {@code orderId}.
 *
 * <p>May be {@code null}: {@code trackingNumber}.
 */
public record ShipmentCreated(
        UUID orderId,
        UUID shipmentId,
        String courier,
        String trackingNumber,
        Instant occurredAt) implements IntegrationEvent {

    public ShipmentCreated {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(shipmentId, "shipmentId");
        Objects.requireNonNull(courier, "courier");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (courier.isBlank()) {
            throw new IllegalArgumentException("courier must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
