package com.example.commerce.order.deadline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.order.OrderApi;
import com.example.commerce.testing.ServiceIntegrationTest;
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

/** The deadline job, with the tests' short PENDING deadline (45 s): a stalled order is cancelled, a moving one is not. */
@ServiceIntegrationTest
class DeadlineIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private OverdueOrders overdue;

    @Value("${commerce.order.deadlines.pending}")
    private Duration pending;

    private OrderApi api;

    @BeforeEach
    void client() {
        api = new OrderApi(port);
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void aStalledOrderTimesOutAndAnOrderThatMovedOnInTimeDoesNot() {
        OrderApi.Customer customer = api.customer();
        UUID stalled = api.placeOrder(customer);
        UUID moving = api.placeOrder(customer);
        JsonNode placed = api.order(moving, customer.token());
        Money total = new Money(placed.get("total").get("amountMinor").asLong(), "EUR");
        Instant movingDeadline = Instant.parse(placed.get("deadlineAt").asString());
        assertThat(movingDeadline).isEqualTo(Instant.parse(placed.get("placedAt").asString()).plus(pending));

        api.publish(new PaymentAuthorized(moving, UUID.randomUUID(), total, "pi_deadline", Instant.now()));
        api.awaitStatus(moving, customer.token(), "CONFIRMED");
        api.publish(new ShipmentDispatched(moving, UUID.randomUUID(), Instant.now()));
        api.awaitStatus(moving, customer.token(), "SHIPPED");
        assertThat(api.status(stalled, customer.token())).as("not before its deadline").isEqualTo("PENDING");

        await("the stalled order's deadline").atMost(pending.plus(OrderApi.PATIENCE))
                .until(() -> "CANCELLED".equals(api.status(stalled, customer.token())));
        JsonNode cancelled = api.order(stalled, customer.token());
        assertThat(cancelled.get("reason").asString()).isEqualTo(OrderEndReasons.TIMED_OUT);
        assertThat(Instant.parse(cancelled.get("updatedAt").asString()))
                .isAfterOrEqualTo(Instant.parse(cancelled.get("placedAt").asString()).plus(pending));
        assertThat(api.awaitOrderEvent(stalled, OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.TIMED_OUT);
        assertThat(api.steps(stalled, customer.token())).endsWith("DEADLINE_PASSED order-service true",
                "CANCELLED order-service true");

        // The moving order's PENDING deadline has passed too by now, plus a pass of the job: it is left alone.
        await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(movingDeadline.plusSeconds(1)));
        assertThat(api.status(moving, customer.token())).isEqualTo("SHIPPED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, moving.toString(), "order.OrderCancelled.v1")).isZero();
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
                    return overdue.cancelOverdue();
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
