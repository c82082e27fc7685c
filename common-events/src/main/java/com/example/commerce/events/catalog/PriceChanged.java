package com.example.commerce.events.catalog;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A product's price changed.
 * Keyed by {@code productId}.
 */
public record PriceChanged(
        UUID productId,
        String sku,
        Money oldPrice,
        Money newPrice,
        Instant occurredAt) implements IntegrationEvent {

    public PriceChanged {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(oldPrice, "oldPrice");
        Objects.requireNonNull(newPrice, "newPrice");
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
