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
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/** The deadline job, with the tests' short PENDING deadline (20 s): a stalled order is cancelled, a moving one is not. */
@ServiceIntegrationTest
class DeadlineIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

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

        JsonNode cancelled = api.awaitStatus(stalled, customer.token(), "CANCELLED");
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
}
