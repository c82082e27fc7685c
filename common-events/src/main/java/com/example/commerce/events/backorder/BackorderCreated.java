package com.example.commerce.events.backorder;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Shortage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order's shortages were recorded, to be filled from supplier deliveries.
 * Keyed by {@code orderId}.
 */
public record BackorderCreated(UUID orderId, List<Shortage> shortages, Instant occurredAt) implements IntegrationEvent {

    public BackorderCreated {
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
