package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Stock reserved for an order was given back.
 * Keyed by {@code orderId}.
 */
public record StockReleased(UUID orderId, String reason, Instant occurredAt) implements IntegrationEvent {

    public StockReleased {
        Objects.requireNonNull(orderId, "orderId");
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
