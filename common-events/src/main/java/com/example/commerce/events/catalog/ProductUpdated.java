package com.example.commerce.events.catalog;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A product's descriptive data changed (not its price: see {@link PriceChanged}).
 * Keyed by {@code productId}.
 *
 * <p>May be {@code null}: {@code description}, {@code brand}, {@code categoryPath} (as in
 * {@link ProductCreated}: the category's slugs from the root down; null for none, and in events from
 * before the field was added).
 */
public record ProductUpdated(
        UUID productId,
        String sku,
        String name,
        String description,
        String brand,
        String categoryPath,
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

    /** A change with no brand or category given. */
    public ProductUpdated(UUID productId, String sku, String name, String description, Instant occurredAt) {
        this(productId, sku, name, description, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return productId.toString();
    }
}
