package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.OrderLine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Stock was set aside for an order until {@code expiresAt}.
 * Keyed by {@code orderId}.
 */
public record StockReserved(
        UUID orderId,
        List<OrderLine> lines,
        Instant expiresAt,
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

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
