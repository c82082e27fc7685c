package com.example.commerce.events.payment;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The payment provider declined the payment of an order.
 * Keyed by {@code orderId}.
 */
public record PaymentDeclined(UUID orderId, String reason, Instant occurredAt) implements IntegrationEvent {

    public PaymentDeclined {
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
