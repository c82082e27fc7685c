package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Stock reserved for an order left the warehouse for good.
 * Keyed by {@code orderId}.
 */
public record StockCommitted(UUID orderId, Instant occurredAt) implements IntegrationEvent {

    public StockCommitted {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
