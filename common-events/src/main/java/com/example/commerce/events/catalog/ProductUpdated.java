package com.example.commerce.events.catalog;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A product's descriptive data changed (not its price: see {@link PriceChanged}).
 * Keyed by {@code productId}.
 *
 * <p>May be {@code null}: {@code description}.
 */
public record ProductUpdated(
        UUID productId,
        String sku,
        String name,
        String description,
        Instant occurredAt) implements IntegrationEvent {

    public ProductUpdated {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (name.isBlank()) {
            throw new IllegalArgumentException("name must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return productId.toString();
    }
}
