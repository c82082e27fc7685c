package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An order was delivered and paid: the saga is over.
 * Keyed by {@code orderId}.
 */
public record OrderCompleted(UUID orderId, Instant occurredAt) implements IntegrationEvent {

    public OrderCompleted {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
