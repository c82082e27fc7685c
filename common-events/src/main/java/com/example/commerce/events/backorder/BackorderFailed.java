package com.example.commerce.events.backorder;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A backordered order cannot be filled: the supplier refused a line it waits for, or will deliver later than the
 * order may wait. The order is to be cancelled (reason {@code BACKORDER_FAILED}).
 * Keyed by {@code orderId}.
 *
 * @param reason why, in words (e.g. "supplier rejected MUG-00001: not available")
 */
public record BackorderFailed(UUID orderId, String reason, Instant occurredAt) implements IntegrationEvent {

    public BackorderFailed {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
