package com.example.commerce.events.payment;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An authorisation was released without capturing it.
 * Keyed by {@code orderId}.
 */
public record PaymentVoided(UUID orderId, UUID paymentId, Instant occurredAt) implements IntegrationEvent {

    public PaymentVoided {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
