package com.example.commerce.order.order;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.time.Instant;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How long an order may stay in each state before it is overdue. A PENDING or CONFIRMED order past its
 * deadline is cancelled (TIMED_OUT); a SHIPPED order's deadline is shown but never cancels it (the parcel is
 * with the courier: only a ShipmentFailed ends it).
 *
 * @param pending       PENDING (stock and payment not both answered) for at most this long
 * @param confirmed     CONFIRMED (paid, not yet dispatched) for at most this long
 * @param shipped       SHIPPED (with the courier) for at most this long
 * @param checkInterval how often the deadline job looks for overdue orders
 * @param batchSize     how many overdue orders one pass cancels at most
 */
@Validated
@ConfigurationProperties("commerce.order.deadlines")
public record Deadlines(
        @DefaultValue("2m") @NotNull Duration pending,
        @DefaultValue("30m") @NotNull Duration confirmed,
        @DefaultValue("7d") @NotNull Duration shipped,
        @DefaultValue("5s") @NotNull Duration checkInterval,
        @DefaultValue("100") int batchSize) {

    /** The deadline of an order entering {@code status} at {@code now}; null for a terminal state. */
    public Instant deadlineFor(OrderStatus status, Instant now) {
        return switch (status) {
            case PENDING, BACKORDERED -> now.plus(pending);
            case CONFIRMED -> now.plus(confirmed);
            case SHIPPED -> now.plus(shipped);
            case DELIVERED, CANCELLED, REJECTED -> null;
        };
    }
}
