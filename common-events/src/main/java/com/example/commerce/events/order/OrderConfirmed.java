package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An order has its stock reserved and its payment authorised.
 * Keyed by {@code orderId}.
 */
public record OrderConfirmed(
        UUID orderId,
        UUID customerId,
        Money total,
        Instant occurredAt) implements IntegrationEvent {

    public OrderConfirmed {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
