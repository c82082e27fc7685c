package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order waits for stock that a supplier has to deliver.
 * Keyed by {@code orderId}.
 *
 * <p>May be {@code null} (added within v1): {@code lines}, the order's lines with their unit prices (what
 * backorder-service hands back on BackorderFulfilled).
 */
public record OrderBackordered(UUID orderId, List<Shortage> shortages, List<OrderLine> lines, Instant occurredAt)
        implements IntegrationEvent {

    public OrderBackordered {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(shortages, "shortages");
        Objects.requireNonNull(occurredAt, "occurredAt");
        shortages = List.copyOf(shortages);
        if (shortages.isEmpty()) {
            throw new IllegalArgumentException("shortages must not be empty");
        }
        lines = lines == null ? null : List.copyOf(lines);
    }

    /** An OrderBackordered as producers before {@code lines} wrote it. */
    public OrderBackordered(UUID orderId, List<Shortage> shortages, Instant occurredAt) {
        this(orderId, shortages, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
