package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An order could not be accepted; {@code reason} is usually one of {@link OrderEndReasons}.
 * Keyed by {@code orderId}.
 */
public record OrderRejected(UUID orderId, String reason, Instant occurredAt) implements IntegrationEvent {

    public OrderRejected {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
