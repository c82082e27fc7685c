package com.example.commerce.events.cart;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A cart was left without checking out: it was idle for longer than cart-service keeps carts open.
 * Keyed by {@code cartId}.
 *
 * <p>May be {@code null} (added within v1, absent from payloads of older producers): {@code items}, the
 * units the cart held, and {@code value}, what its lines came to at the catalogue's prices then (before any
 * promotion), so reporting can tell what the funnel lost.
 */
public record CartAbandoned(UUID cartId, UUID customerId, Integer items, Money value, Instant occurredAt)
        implements IntegrationEvent {

    public CartAbandoned {
        Objects.requireNonNull(cartId, "cartId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (items != null && items < 0) {
            throw new IllegalArgumentException("items must not be negative: " + items);
        }
    }

    /** An abandonment as producers before {@code items} and {@code value} wrote it. */
    public CartAbandoned(UUID cartId, UUID customerId, Instant occurredAt) {
        this(cartId, customerId, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return cartId.toString();
    }
}
