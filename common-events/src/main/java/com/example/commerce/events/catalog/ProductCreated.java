package com.example.commerce.events.catalog;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A product was added to the catalogue.
 * Keyed by {@code productId}.
 *
 * <p>May be {@code null}: {@code brand}, {@code categoryPath} (the slugs of its category from the root
 * down, joined by '/', e.g. {@code kitchen/cookware/pans}; null for a product under no category, and in
 * events from before the field was added).
 */
public record ProductCreated(
        UUID productId,
        String sku,
        String name,
        Money price,
        String brand,
        String categoryPath,
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

    /** A product with no brand or category given. */
    public ProductCreated(UUID productId, String sku, String name, Money price, Instant occurredAt) {
        this(productId, sku, name, price, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return productId.toString();
    }
}
