package com.example.commerce.events.payment;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The payment provider authorised the payment of an order.
 * Keyed by {@code orderId}.
 */
public record PaymentAuthorized(
        UUID orderId,
        UUID paymentId,
        Money amount,
        String providerReference,
        Instant occurredAt) implements IntegrationEvent {

    public PaymentAuthorized {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(providerReference, "providerReference");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (providerReference.isBlank()) {
            throw new IllegalArgumentException("providerReference must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
