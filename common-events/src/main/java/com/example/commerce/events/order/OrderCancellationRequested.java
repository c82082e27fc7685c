package com.example.commerce.events.order;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A confirmed order is asked to end (the customer's cancel, or its CONFIRMED deadline): the order is
 * CANCELLING, not yet cancelled. Shipping answers by calling off the courier booking (ShipmentCancelled: the
 * order becomes CANCELLED and OrderCancelled follows) or, when the courier already has the parcel, by
 * ShipmentDispatched (the cancel is refused and the order goes on). Nothing is compensated on this event
 * alone: no order ends CANCELLED while a parcel of it travels. It may be published again for one order (the
 * CANCELLING deadline asks again); a consumer treats a repeat as the same request.
 * {@code reason} is usually one of {@link OrderEndReasons}. Keyed by {@code orderId}.
 */
public record OrderCancellationRequested(UUID orderId, String reason, Instant occurredAt)
        implements IntegrationEvent {

    public OrderCancellationRequested {
        Objects.requireNonNull(orderId, "orderId");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (reason.isBlank()) {
            throw new IllegalArgumentException("reason must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return orderId.toString();
    }
}
