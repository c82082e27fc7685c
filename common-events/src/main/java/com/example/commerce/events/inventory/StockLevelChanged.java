package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * The stock level of a SKU changed: {@code available} (on hand and not reserved) is what can still be sold.
 * Keyed by {@code sku}.
 *
 * <p>May be {@code null} (added within v1, absent from payloads of older producers): {@code onHand}, the
 * units physically kept; {@code availability}, the public level {@code IN_STOCK}, {@code LOW} or
 * {@code OUT_OF_STOCK} as inventory-service judges it (its low-stock threshold); {@code version}, the stock
 * row's version, growing with every change of the SKU's stock, so a consumer can tell an older level
 * delivered late from a newer one.
 */
public record StockLevelChanged(
        String sku,
        int available,
        int reserved,
        Integer onHand,
        String availability,
        Long version,
        Instant occurredAt) implements IntegrationEvent {

    /** The values {@code availability} may take. */
    public static final Set<String> AVAILABILITIES = Set.of("IN_STOCK", "LOW", "OUT_OF_STOCK");

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
        if (onHand != null && onHand != available + reserved) {
            throw new IllegalArgumentException(
                    "onHand must be available + reserved: " + onHand + " != " + available + " + " + reserved);
        }
        if (availability != null && !AVAILABILITIES.contains(availability)) {
            throw new IllegalArgumentException("availability must be one of " + AVAILABILITIES + ": " + availability);
        }
    }

    /** A level as producers before {@code onHand}, {@code availability} and {@code version} wrote it. */
    public StockLevelChanged(String sku, int available, int reserved, Instant occurredAt) {
        this(sku, available, reserved, null, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return sku;
    }
}
