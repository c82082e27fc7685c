package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Shortage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order waits for stock that a supplier has to deliver.
 * Keyed by {@code orderId}.
 */
public record OrderBackordered(UUID orderId, List<Shortage> shortages, Instant occurredAt) implements IntegrationEvent {

    public OrderBackordered {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(shortages, "shortages");
        Objects.requireNonNull(occurredAt, "occurredAt");
        shortages = List.copyOf(shortages);
        if (shortages.isEmpty()) {
            throw new IllegalArgumentException("shortages must not be empty");
        }
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
