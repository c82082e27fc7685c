package com.example.commerce.events.cart;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A quantity of a SKU was put in a cart.
 * Keyed by {@code cartId}.
 */
public record ItemAddedToCart(
        UUID cartId,
        UUID customerId,
        String sku,
        int quantity,
        Money unitPrice,
        Instant occurredAt) implements IntegrationEvent {

    public ItemAddedToCart {
        Objects.requireNonNull(cartId, "cartId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(unitPrice, "unitPrice");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }

    @Override
    public String aggregateId() {
        return cartId.toString();
    }
}
