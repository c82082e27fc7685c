package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * Units of a SKU arrived in the warehouse; {@code available} is the level after it.
 * Keyed by {@code sku}.
 */
public record StockReplenished(
        String sku,
        int quantity,
        int available,
        Instant occurredAt) implements IntegrationEvent {

    public StockReplenished {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
        if (available < 0) {
            throw new IllegalArgumentException("available must not be negative: " + available);
        }
    }

    @Override
    public String aggregateId() {
        return sku;
    }
}
