package com.example.commerce.order.order;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.order.OrderRejected;
import com.example.commerce.order.timeline.Timeline;
import com.example.commerce.starter.outbox.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Writes down what an order's change caused, in the caller's transaction: each event through the outbox,
 * a timeline entry of the order's own step per event, and (once committed) the metrics.
 *
 * <p>Metrics: {@code commerce.orders.placed}, {@code commerce.orders.ended} (tags {@code status},
 * {@code reason}), the timers {@code commerce.orders.confirmation} from placement to confirmation and
 * {@code commerce.orders.delivery} from placement to delivery (histograms with the buckets below), and
 * {@code commerce.orders.overdue} (tag {@code status}): orders found past their deadline, by the state they were in.
 */
@Component
public class OrderJournal {

    private final Outbox outbox;
    private final Timeline timeline;
    /**
     * The buckets of {@code commerce.orders.confirmation}: the saga's latency objective (99% confirmed within 1 s,
     * ops/prometheus) is one of them, with room either side for the dashboards.
     */
    static final Duration[] CONFIRMATION_SLO = durations("100ms", "300ms", "500ms", "1s", "2s", "5s", "10s", "30s",
            "1m", "5m");

    /** The buckets of {@code commerce.orders.delivery} (placement to delivery: minutes to days). */
    static final Duration[] DELIVERY_SLO = durations("1m", "10m", "1h", "6h", "1d", "2d", "3d", "5d", "7d", "14d");

    private final MeterRegistry meters;

    OrderJournal(Outbox outbox, Timeline timeline, MeterRegistry meters) {
        this.outbox = outbox;
        this.timeline = timeline;
        this.meters = meters;
        // From the start at 0 for every state that has a deadline: a rate over it is 0, not "no data", until the
        // first overdue order.
        for (OrderStatus status : OrderStatus.values()) {
            if (status != OrderStatus.DELIVERED && status != OrderStatus.CANCELLED && status != OrderStatus.REJECTED) {
                overdueCounter(status);
            }
        }
    }

    /** Publishes {@code outcome}'s events with a timeline entry of the order's step for each. */
    public void publish(Order order, Outcome outcome, Instant now) {
        for (IntegrationEvent event : outcome.events()) {
            outbox.publish(event);
            timeline.record(order.id(), now, stepOf(event), EventTypes.typeOf(event.getClass()), Timeline.ORDER_SERVICE,
                    detailOf(event, outcome), true, order.status());
            afterCommit(() -> count(order, event));
        }
    }

    /** Counts an order found past its deadline in {@code status}, once the transaction commits. */
    public void overdue(OrderStatus status) {
        afterCommit(() -> overdueCounter(status).increment());
    }

    private Counter overdueCounter(OrderStatus status) {
        return Counter.builder("commerce.orders.overdue")
                .description("Orders found past their deadline, by the state they were in").tag("status", status.name())
                .register(meters);
    }

    private void count(Order order, IntegrationEvent event) {
        switch (event) {
            case OrderPlaced placed -> Counter.builder("commerce.orders.placed").description("Orders placed")
                    .register(meters).increment();
            case OrderConfirmed confirmed -> Timer.builder("commerce.orders.confirmation")
                    .description("From placing an order to its confirmation").serviceLevelObjectives(CONFIRMATION_SLO)
                    .register(meters).record(Duration.between(order.placedAt(), confirmed.occurredAt()));
            case OrderCancelled cancelled -> ended("CANCELLED", cancelled.reason());
            case OrderRejected rejected -> ended("REJECTED", rejected.reason());
            case OrderCompleted completed -> {
                Timer.builder("commerce.orders.delivery").description("From placing an order to its delivery")
                        .serviceLevelObjectives(DELIVERY_SLO).register(meters)
                        .record(Duration.between(order.placedAt(), completed.occurredAt()));
                ended("DELIVERED", "NONE");
            }
            default -> {
            }
        }
    }

    private void ended(String status, String reason) {
        Counter.builder("commerce.orders.ended").description("Orders that reached a terminal state")
                .tag("status", status).tag("reason", reason).register(meters).increment();
    }

    private static Duration[] durations(String... values) {
        return Arrays.stream(values).map(DurationStyle::detectAndParse)
                .toArray(Duration[]::new);
    }

    private static void afterCommit(Runnable action) {
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    action.run();
                }
            });
        } else {
            action.run();
        }
    }

    private static String stepOf(IntegrationEvent event) {
        return switch (event) {
            case OrderPlaced placed -> "PLACED";
            case OrderConfirmed confirmed -> "CONFIRMED";
            case OrderCancellationRequested requested -> "CANCELLING";
            case OrderCancelled cancelled -> "CANCELLED";
            case OrderRejected rejected -> "REJECTED";
            case OrderBackordered backordered -> "BACKORDERED";
            case OrderCompleted completed -> "COMPLETED";
            default -> EventSteps.stepOf(event);
        };
    }

    private static String detailOf(IntegrationEvent event, Outcome outcome) {
        return switch (event) {
            case OrderCancellationRequested requested -> requested.reason() + ": " + outcome.detail();
            case OrderCancelled cancelled -> cancelled.reason() + ": " + outcome.detail();
            case OrderRejected rejected -> rejected.reason() + ": " + outcome.detail();
            default -> outcome.detail();
        };
    }
}
