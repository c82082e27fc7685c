package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;

/**
 * The stock level of a SKU changed.
 * Keyed by {@code sku}.
 */
public record StockLevelChanged(
        String sku,
        int available,
        int reserved,
        Instant occurredAt) implements IntegrationEvent {

    public StockLevelChanged {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (available < 0) {
            throw new IllegalArgumentException("available must not be negative: " + available);
        }
        if (reserved < 0) {
            throw new IllegalArgumentException("reserved must not be negative: " + reserved);
        }
    }

    @Override
    public String aggregateId() {
        return sku;
    }
}
