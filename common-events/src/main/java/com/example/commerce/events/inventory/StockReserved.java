package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Stock was set aside for an order until {@code expiresAt}.
 * Keyed by {@code orderId}.
 *
 * <p>May be {@code null} (added within v1): {@code customerId}, {@code total} and {@code paymentMethodId}, copied
 * from the order's {@code OrderPlaced} so that payment-service can authorise the order from this event alone.
 */
public record StockReserved(
        UUID orderId,
        List<OrderLine> lines,
        Instant expiresAt,
        UUID customerId,
        Money total,
        UUID paymentMethodId,
        Instant occurredAt) implements IntegrationEvent {

    public StockReserved {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(expiresAt, "expiresAt");
        Objects.requireNonNull(occurredAt, "occurredAt");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("lines must not be empty");
        }
    }

    /** A reservation as producers before {@code customerId}, {@code total} and {@code paymentMethodId} wrote it. */
    public StockReserved(UUID orderId, List<OrderLine> lines, Instant expiresAt, Instant occurredAt) {
        this(orderId, lines, expiresAt, null, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
