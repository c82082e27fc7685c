package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * An order was placed; this starts the order saga.
 * Keyed by {@code orderId}.
 */
public record OrderPlaced(
        UUID orderId,
        UUID customerId,
        List<OrderLine> lines,
        Money total,
        Address shippingAddress,
        boolean backorderAllowed,
        Instant occurredAt) implements IntegrationEvent {

    public OrderPlaced {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(lines, "lines");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(shippingAddress, "shippingAddress");
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
