package com.example.commerce.events.cart;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A cart was left without checking out.
 * Keyed by {@code cartId}.
 */
public record CartAbandoned(UUID cartId, UUID customerId, Instant occurredAt) implements IntegrationEvent {

    public CartAbandoned {
        Objects.requireNonNull(cartId, "cartId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return cartId.toString();
    }
}
