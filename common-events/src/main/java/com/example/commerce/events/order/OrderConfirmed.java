package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import java.util.List;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * An order has its stock reserved and its payment authorised.
 * Keyed by {@code orderId}.
 *
 * <p>May be {@code null} (added within v1): {@code lines} and {@code shippingAddress}, copied from the order so
 * that shipping-service can book the parcel from this event alone.
 */
public record OrderConfirmed(
        UUID orderId,
        UUID customerId,
        Money total,
        List<OrderLine> lines,
        Address shippingAddress,
        Instant occurredAt) implements IntegrationEvent {

    public OrderConfirmed {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(total, "total");
        Objects.requireNonNull(occurredAt, "occurredAt");
        lines = lines == null ? null : List.copyOf(lines);
    }

    /** A confirmation as producers before {@code lines} and {@code shippingAddress} wrote it. */
    public OrderConfirmed(UUID orderId, UUID customerId, Money total, Instant occurredAt) {
        this(orderId, customerId, total, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
