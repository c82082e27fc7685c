package com.example.commerce.order.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.order.OrderApi;
import com.example.commerce.order.TestClock;
import com.example.commerce.testing.ServiceIntegrationTest;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The deadline job: every non-terminal state has a deadline that the sweep enforces. Time passes by moving the
 * {@link TestClock} (put back after each test), not by waiting.
 */
@ServiceIntegrationTest
class DeadlineIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private OverdueOrders overdue;

    @Autowired
    private MeterRegistry meters;

    @Value("${commerce.order.deadlines.pending}")
    private Duration pending;

    @Value("${commerce.order.deadlines.confirmed}")
    private Duration confirmed;

    @Value("${commerce.order.deadlines.cancelling}")
    private Duration cancelling;

    @Value("${commerce.order.deadlines.shipped}")
    private Duration shipped;

    private final TestClock clock = TestClock.get();

    private OrderApi api;

    @BeforeEach
    void client() {
        api = new OrderApi(port);
    }

    @AfterEach
    void close() {
        clock.reset();
        api.close();
    }

    @Test
    void aStalledOrderTimesOutAndAnOrderThatMovedOnIsTakenByTheSweepButNotCancelled() {
        OrderApi.Customer customer = api.customer();
        UUID stalled = api.placeOrder(customer);
        UUID moving = api.placeOrder(customer);
        JsonNode placed = api.order(moving, customer.token());
        Money total = new Money(placed.get("total").get("amountMinor").asLong(), "EUR");
        assertThat(Instant.parse(placed.get("deadlineAt").asString()))
                .isEqualTo(Instant.parse(placed.get("placedAt").asString()).plus(pending));
        api.publish(new PaymentAuthorized(moving, UUID.randomUUID(), total, "pi_deadline", Instant.now()));
        api.awaitStatus(moving, customer.token(), "CONFIRMED");
        api.publish(new ShipmentDispatched(moving, UUID.randomUUID(), Instant.now()));
        api.awaitStatus(moving, customer.token(), "SHIPPED");
        assertThat(api.status(stalled, customer.token())).as("not before its deadline").isEqualTo("PENDING");
        double overdueBefore = overdueCount("SHIPPED");

        // Past the stalled order's PENDING deadline and the moving order's SHIPPED one: the sweep takes both.
        clock.advance(shipped.plusSeconds(1));

        api.awaitStatus(stalled, customer.token(), "CANCELLED");
        JsonNode cancelled = api.order(stalled, customer.token());
        assertThat(cancelled.get("reason").asString()).isEqualTo(OrderEndReasons.TIMED_OUT);
        assertThat(api.awaitOrderEvent(stalled, OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.TIMED_OUT);
        assertThat(api.steps(stalled, customer.token())).endsWith("DEADLINE_PASSED order-service true",
                "CANCELLED order-service true");
        await("the sweep takes the moved-on order").atMost(OrderApi.PATIENCE)
                .until(() -> api.steps(moving, customer.token()).contains("DEADLINE_PASSED order-service true"));
        JsonNode inTransit = api.order(moving, customer.token());
        assertThat(inTransit.get("status").asString()).isEqualTo("SHIPPED");
        assertThat(Instant.parse(inTransit.get("deadlineAt").asString())).as("moved on").isAfter(clock.instant());
        assertThat(lastDetail(moving, customer)).contains("overdue in transit");
        assertThat(overdueCount("SHIPPED") - overdueBefore).isGreaterThanOrEqualTo(1);
        assertThat(published(moving, "order.OrderCancelled.v1")).isZero();
    }

    @Test
    void aPaymentAuthorizedAtTheInstantThePendingDeadlinePassesConfirmsOrTimesOutNeverBoth() throws Exception {
        OrderApi.Customer customer = api.customer();
        List<UUID> orders = new ArrayList<>();
        List<Money> totals = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            UUID id = api.placeOrder(customer);
            orders.add(id);
            totals.add(new Money(api.order(id, customer.token()).get("total").get("amountMinor").asLong(), "EUR"));
        }
        CyclicBarrier barrier = new CyclicBarrier(2);
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            pool.submit(() -> {
                barrier.await();
                for (int i = 0; i < orders.size(); i++) {
                    api.publish(new PaymentAuthorized(orders.get(i), UUID.randomUUID(), totals.get(i), "pi_race",
                            Instant.now()));
                }
                return null;
            });
            pool.submit(() -> {
                barrier.await();
                clock.advance(pending.plusSeconds(1));
                return null;
            });
        }
        for (UUID id : orders) {
            await("authorisation of " + id).atMost(OrderApi.PATIENCE).until(() -> api.steps(id, customer.token()).stream()
                    .anyMatch(step -> step.startsWith("PAYMENT_AUTHORIZED ")));
            String status = api.status(id, customer.token());
            boolean confirmedFirst = api.steps(id, customer.token()).contains("PAYMENT_AUTHORIZED payment-service true");
            // Whichever the row lock let in first decides; the other sees the new state. Never both.
            assertThat(status).as(id.toString()).isEqualTo(confirmedFirst ? "CONFIRMED" : "CANCELLED");
            assertThat(published(id, "order.OrderConfirmed.v1")).isEqualTo(confirmedFirst ? 1 : 0);
            assertThat(published(id, "order.OrderCancelled.v1")).isEqualTo(confirmedFirst ? 0 : 1);
        }
    }

    @Test
    void aBackorderedOrderPastItsDeadlineIsCancelled() {
        OrderApi.Customer customer = api.customer();
        UUID order = api.placeOrder(customer);
        // Nothing moves an order to BACKORDERED yet (the backorder issue will): put it there, overdue.
        jdbc.update("UPDATE orders SET status = 'BACKORDERED', deadline_at = now() - interval '1 second' WHERE id = ?",
                order);

        JsonNode cancelled = api.awaitStatus(order, customer.token(), "CANCELLED");

        assertThat(cancelled.get("reason").asString()).isEqualTo(OrderEndReasons.TIMED_OUT);
        assertThat(api.awaitOrderEvent(order, OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.TIMED_OUT);
    }

    @Test
    void aConfirmedOrderPastItsDeadlineAsksShippingToCancelInsteadOfCancelling() {
        OrderApi.Customer customer = api.customer();
        UUID order = confirmedOrder(customer);

        clock.advance(confirmed.plusSeconds(1));

        JsonNode cancelling = api.awaitStatus(order, customer.token(), "CANCELLING");
        assertThat(cancelling.get("reason").asString()).isEqualTo(OrderEndReasons.TIMED_OUT);
        assertThat(api.awaitOrderEvent(order, OrderCancellationRequested.class).reason())
                .isEqualTo(OrderEndReasons.TIMED_OUT);
        assertThat(api.steps(order, customer.token())).endsWith("DEADLINE_PASSED order-service true",
                "CANCELLING order-service true");
        assertThat(published(order, "order.OrderCancelled.v1")).isZero();
    }

    @Test
    void aCancellingOrderPastItsDeadlineAsksAgainAndIsNeverCancelledAlone() {
        OrderApi.Customer customer = api.customer();
        UUID order = confirmedOrder(customer);
        var requested = api.post("/api/v1/orders/" + order + "/cancel", customer.token());
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        assertThat(published(order, "order.OrderCancellationRequested.v1")).isOne();
        double overdueBefore = overdueCount("CANCELLING");

        for (int ask = 2; ask <= 3; ask++) {
            clock.advance(cancelling.plusSeconds(1));
            int asked = ask;
            await("request " + ask).atMost(OrderApi.PATIENCE)
                    .until(() -> published(order, "order.OrderCancellationRequested.v1") == asked);
            JsonNode view = api.order(order, customer.token());
            assertThat(view.get("status").asString()).isEqualTo("CANCELLING");
            assertThat(view.get("reason").asString()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
            assertThat(Instant.parse(view.get("deadlineAt").asString())).as("moved on").isAfter(clock.instant());
        }

        assertThat(api.steps(order, customer.token())).endsWith("CANCEL_REQUESTED order-service true",
                "CANCELLING order-service true", "DEADLINE_PASSED order-service true", "CANCELLING order-service true",
                "DEADLINE_PASSED order-service true", "CANCELLING order-service true");
        assertThat(overdueCount("CANCELLING") - overdueBefore).isGreaterThanOrEqualTo(2);
        assertThat(published(order, "order.OrderCancelled.v1")).isZero();
        // Shipping answers at last: cancelled with the reason first asked, once.
        api.publish(new ShipmentCancelled(order, UUID.randomUUID(), "order cancelled", Instant.now()));
        JsonNode cancelled = api.awaitStatus(order, customer.token(), "CANCELLED");
        assertThat(cancelled.get("reason").asString()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(published(order, "order.OrderCancelled.v1")).isOne();
    }

    private UUID confirmedOrder(OrderApi.Customer customer) {
        UUID order = api.placeOrder(customer);
        Money total = new Money(api.order(order, customer.token()).get("total").get("amountMinor").asLong(), "EUR");
        api.publish(new PaymentAuthorized(order, UUID.randomUUID(), total, "pi_deadline", Instant.now()));
        api.awaitStatus(order, customer.token(), "CONFIRMED");
        return order;
    }

    private String lastDetail(UUID order, OrderApi.Customer customer) {
        JsonNode entries = api.timeline(order, customer.token()).get("entries");
        return entries.get(entries.size() - 1).get("detail").asString();
    }

    private int published(UUID order, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, order.toString(), type);
    }

    private double overdueCount(String status) {
        return meters.find("commerce.orders.overdue").tag("status", status).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    @Test
    void twoJobsAtOnceCancelEachOverdueOrderOnce() throws Exception {
        OrderApi.Customer customer = api.customer();
        List<UUID> orders = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            orders.add(api.placeOrder(customer));
        }
        // Overdue already, as after an outage; the background job and two more passes race for them.
        jdbc.update("UPDATE orders SET deadline_at = now() - interval '1 minute' WHERE customer_id = ?", customer.id());
        CyclicBarrier barrier = new CyclicBarrier(2);
        List<Future<Integer>> passes = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                passes.add(pool.submit(() -> {
                    barrier.await();
                    return overdue.enforceDeadlines();
                }));
            }
        }
        for (Future<Integer> pass : passes) {
            pass.get();
        }

        for (UUID id : orders) {
            JsonNode order = api.awaitStatus(id, customer.token(), "CANCELLED");
            assertThat(order.get("reason").asString()).isEqualTo(OrderEndReasons.TIMED_OUT);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                    Integer.class, id.toString(), "order.OrderCancelled.v1")).as("cancelled once: " + id).isOne();
            assertThat(api.steps(id, customer.token())).filteredOn(step -> step.startsWith("DEADLINE_PASSED")).hasSize(1);
        }
    }
}
