package com.example.commerce.events.payment;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A capture or a refund that the provider refused for good (or that stayed unresolved past its last
 * attempt): the money did not move as the saga needs, and an operator must retry or settle it
 * ({@code /api/v1/ops/payments/...}). {@code operation} is {@code CAPTURE} or {@code REFUND}; {@code code}
 * is the provider's (or ours, e.g. {@code UNRESOLVED}). Keyed by {@code orderId}.
 */
public record PaymentSettlementFailed(
        UUID orderId,
        UUID paymentId,
        String operation,
        Money amount,
        String code,
        String reason,
        Instant occurredAt) implements IntegrationEvent {

    public PaymentSettlementFailed {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(paymentId, "paymentId");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (operation.isBlank() || code.isBlank()) {
            throw new IllegalArgumentException("operation and code must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
