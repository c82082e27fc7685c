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
 *
 * <p>{@code total} is what the customer pays: the lines less {@code discount}.
 *
 * <p>May be {@code null} (added within v1): {@code cartId}, the cart the order was checked out from (null for
 * an order of explicit lines), whose ordered lines then leave the cart; {@code paymentMethodId}, the saved
 * payment method (payment-service's wallet) to authorise; {@code discount}, the promotion's discount, and
 * {@code promoCode}, its code (both null without a promotion).
 */
public record OrderPlaced(
        UUID orderId,
        UUID customerId,
        List<OrderLine> lines,
        Money total,
        Address shippingAddress,
        boolean backorderAllowed,
        UUID cartId,
        UUID paymentMethodId,
        Money discount,
        String promoCode,
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

    /** An order as producers before {@code cartId}, {@code paymentMethodId}, {@code discount} and {@code promoCode} wrote it. */
    public OrderPlaced(UUID orderId, UUID customerId, List<OrderLine> lines, Money total, Address shippingAddress,
                       boolean backorderAllowed, Instant occurredAt) {
        this(orderId, customerId, lines, total, shippingAddress, backorderAllowed, null, null, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
