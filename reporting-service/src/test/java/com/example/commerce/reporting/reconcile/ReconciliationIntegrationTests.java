package com.example.commerce.reporting.reconcile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.reporting.ReportScenario;
import com.example.commerce.reporting.ingest.LiveModel;
import com.example.commerce.reporting.reconcile.Reconciliation.Difference;
import com.example.commerce.reporting.report.DateRange;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.InboxCounts;
import com.example.commerce.testing.Redeliveries;
import com.example.commerce.testing.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Reporting's totals from its rollups against the owning services' totals of {@link ReportScenario} (what
 * order-service and payment-service answer for it, worked out by hand): no difference when every event arrived,
 * and exactly the withheld events' effect when some did not.
 */
@ServiceIntegrationTest
class ReconciliationIntegrationTests {

    @Autowired
    ReportingTotals reporting;

    @Autowired
    MeterRegistry meters;

    @Autowired
    LiveModel model;

    @Test
    void findsNoDifferenceWhenEveryEventArrived() {
        ReportScenario scenario = new ReportScenario(LocalDate.of(2026, 7, 6), "reconciled");
        publish(scenario.events());
        assertThat(Reconciliation.compare(reporting.of(range(scenario)), owners())).isEmpty();
    }

    @Test
    void listsExactlyWhatTheWithheldEventsLeaveOut() {
        ReportScenario scenario = new ReportScenario(LocalDate.of(2026, 8, 3), "withheld");
        publish(scenario.events().stream()
                .filter(event -> !(event instanceof OrderCancelled cancelled
                        && cancelled.reason().equals(OrderEndReasons.TIMED_OUT)))
                .filter(event -> !(event instanceof PaymentRefunded))
                .toList());
        assertThat(Reconciliation.compare(reporting.of(range(scenario)), owners())).containsExactly(
                new Difference("order-service", "CANCELLED/EUR", "orders", 4, 5),
                new Difference("order-service", "CANCELLED/EUR", "totalMinor", 5250, 6250),
                new Difference("order-service", "PENDING/EUR", "orders", 1, 0),
                new Difference("order-service", "PENDING/EUR", "totalMinor", 1000, 0),
                new Difference("payment-service", "REFUND/EUR", "operations", 0, 1),
                new Difference("payment-service", "REFUND/EUR", "amountMinor", 0, 1000));
    }

    /** What order-service and payment-service count for the scenario's three days. */
    private static Totals owners() {
        return new Totals(List.of(
                new Totals.OrderRow("BACKORDERED", "EUR", 1, 1000),
                new Totals.OrderRow("CANCELLED", "EUR", 5, 6250),
                new Totals.OrderRow("CONFIRMED", "EUR", 1, 1125),
                new Totals.OrderRow("CONFIRMED", "USD", 1, 8000),
                new Totals.OrderRow("DELIVERED", "EUR", 2, 5800),
                new Totals.OrderRow("REJECTED", "EUR", 1, 5000)), List.of(
                new Totals.PaymentRow("AUTHORIZATION", "EUR", 5, 11675),
                new Totals.PaymentRow("AUTHORIZATION", "USD", 1, 8000),
                new Totals.PaymentRow("CAPTURE", "EUR", 2, 5800),
                new Totals.PaymentRow("REFUND", "EUR", 1, 1000),
                new Totals.PaymentRow("VOID", "EUR", 2, 4750)));
    }

    private static DateRange range(ReportScenario scenario) {
        return new DateRange(scenario.day1, scenario.day3());
    }

    private void publish(List<IntegrationEvent> events) {
        String consumer = LiveModel.consumer(model.generation());
        InboxCounts before = InboxCounts.of(meters, consumer);
        try (EventFeed feed = new EventFeed()) {
            feed.publishAll(Redeliveries.shuffled(events, event -> "in order", 1, new java.util.Random(0)));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(
                InboxCounts.of(meters, consumer).since(before).processed()).isEqualTo(events.size()));
    }
}
