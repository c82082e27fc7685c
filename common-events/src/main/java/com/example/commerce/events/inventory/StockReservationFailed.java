package com.example.commerce.events.inventory;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Shortage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * Stock for an order could not be reserved.
 * Keyed by {@code orderId}.
 */
public record StockReservationFailed(UUID orderId, List<Shortage> shortages, Instant occurredAt)
        implements IntegrationEvent {

    public StockReservationFailed {
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
