package com.example.commerce.events.cart;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A cart was turned into an order; {@code total} is after any promotion, so it need not be the sum of the lines.
 * Keyed by {@code cartId}.
 */
public record CartCheckedOut(
        UUID cartId,
        UUID customerId,
        UUID orderId,
        List<OrderLine> lines,
        Money total,
        Instant occurredAt) implements IntegrationEvent {

    public CartCheckedOut {
        Objects.requireNonNull(cartId, "cartId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(occurredAt, "occurredAt");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
    }

    @Override
    public String aggregateId() {
        return cartId.toString();
    }
}
