package com.example.commerce.order.order;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long an order may stay in each non-terminal state before it is overdue, and what the deadline job does
 * then ({@link Order#timeOut}): PENDING and BACKORDERED are cancelled (TIMED_OUT); CONFIRMED becomes CANCELLING
 * and asks shipping (OrderCancellationRequested); CANCELLING asks again; SHIPPED is recorded overdue in transit
 * (the parcel is with the courier: shipping bounds the transit, and only its ShipmentFailed cancels the order).
 *
 * @param pending       PENDING (stock and payment not both answered) for at most this long
 * @param backordered   BACKORDERED (waiting for the supplier's stock) for at most this long
 * @param confirmed     CONFIRMED (paid, not yet dispatched) for at most this long
 * @param cancelling    how long CANCELLING waits for shipping's answer before asking again
 * @param shipped       SHIPPED (with the courier) before it is recorded overdue in transit, and again after each
 * @param checkInterval how often the deadline job looks for overdue orders
 * @param batchSize     how many overdue orders one pass takes at most
 */
@Validated
@ConfigurationProperties("commerce.order.deadlines")
public record Deadlines(
        @DefaultValue("2m") @NotNull Duration pending,
        @DefaultValue("7d") @NotNull Duration backordered,
        @DefaultValue("30m") @NotNull Duration confirmed,
        @DefaultValue("5m") @NotNull Duration cancelling,
        @DefaultValue("14d") @NotNull Duration shipped,
        @DefaultValue("5s") @NotNull Duration checkInterval,
        @DefaultValue("100") @Min(1) int batchSize) {

    /** The deadline of an order entering {@code status} at {@code now}; null for a terminal state. */
    public Instant deadlineFor(OrderStatus status, Instant now) {
        return switch (status) {
            case PENDING -> now.plus(pending);
            case BACKORDERED -> now.plus(backordered);
            case CONFIRMED -> now.plus(confirmed);
            case CANCELLING -> now.plus(cancelling);
            case SHIPPED -> now.plus(shipped);
            case DELIVERED, CANCELLED, REJECTED -> null;
        };
    }
}
