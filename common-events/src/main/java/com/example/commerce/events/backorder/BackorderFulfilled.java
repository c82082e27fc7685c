package com.example.commerce.events.backorder;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.OrderLine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The missing units of a backordered order are now in stock for it.
 * Keyed by {@code orderId}.
 */
public record BackorderFulfilled(UUID orderId, List<OrderLine> lines, Instant occurredAt) implements IntegrationEvent {

    public BackorderFulfilled {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(lines, "lines");
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
