package com.example.commerce.events.payment;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Captured money was paid back.
 * Keyed by {@code orderId}.
 */
public record PaymentRefunded(
        UUID orderId,
        UUID paymentId,
        Money amount,
        Instant occurredAt) implements IntegrationEvent {

    public PaymentRefunded {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
