package com.example.commerce.events.catalog;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A product is no longer sold.
 * Keyed by {@code productId}.
 */
public record ProductDiscontinued(UUID productId, String sku, Instant occurredAt) implements IntegrationEvent {

    public ProductDiscontinued {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return productId.toString();
    }
}
