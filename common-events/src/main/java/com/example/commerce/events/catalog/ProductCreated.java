package com.example.commerce.events.catalog;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A product was added to the catalogue.
 * Keyed by {@code productId}.
 */
public record ProductCreated(
        UUID productId,
        String sku,
        String name,
        Money price,
        Instant occurredAt) implements IntegrationEvent {

    public ProductCreated {
        Objects.requireNonNull(productId, "productId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(price, "price");
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
