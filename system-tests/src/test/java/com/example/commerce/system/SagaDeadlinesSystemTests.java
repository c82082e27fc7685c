package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.api.Shop;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The saga's clocks over the running fleet, with short times so that a test can wait for them: a reservation
 * that outlives its time-to-live is released, and an order that makes no progress before its deadline is
 * cancelled as TIMED_OUT and compensated. The services run in one shared host process, as the launcher runs them.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaDeadlinesSystemTests {

    static final Duration TTL = Duration.ofSeconds(8);
    static final Duration CONFIRMED_DEADLINE = Duration.ofSeconds(12);
    private static final Duration SAGA = Duration.ofSeconds(90);

    @RegisterExtension
    static final SagaSession saga = new SagaSession("saga-deadlines-fleet", options -> options
                // The services in one shared host, as the launcher runs them by default: the saga's deadlines hold
                // there as in separate processes (the fault tests need those, to kill one service at a time).
                .withHosting(com.example.commerce.stack.FleetOptions.Hosting.SHARED)
                .withArguments("inventory-service", "--commerce.inventory.reservation-ttl=" + TTL.toSeconds() + "s",
                        "--commerce.inventory.expiry-check-interval=1s")
                .withArguments("order-service", "--commerce.order.deadlines.pending=5m",
                        "--commerce.order.deadlines.confirmed=" + CONFIRMED_DEADLINE.toSeconds() + "s",
                        "--commerce.order.deadlines.check-interval=1s"), "bob@example.com");

    @Test
    @Order(0)
    void theServicesRunInOneSharedHostEachWithItsOwnPortAndHealth() {
        com.example.commerce.stack.Fleet fleet = saga.fleet().fleet;
        long host = fleet.pid("order-service");
        for (String service : java.util.List.of("catalog-service", "customer-service", "cart-service", "inventory-service",
                "payment-service", "shipping-service")) {
            assertThat(fleet.pid(service)).as(service + "'s process").isEqualTo(host);
        }
        assertThat(fleet.pid("partner-simulators")).as("the third parties stay apart").isNotEqualTo(host);
        java.util.List<com.example.commerce.stack.ProcessStatus> statuses = fleet.statuses();
        assertThat(statuses).hasSize(8).allSatisfy(status -> assertThat(status.health()).as(status.name()).isEqualTo("UP"));
        assertThat(statuses.stream().map(com.example.commerce.stack.ProcessStatus::url).distinct()).hasSize(8);
    }

    @Test
    @Order(1)
    void aReservationThatOutlivesItsTimeToLiveIsReleasedAndItsOrderTimesOutUncharged() {
        String sku = saga.invariants().stock(5, 400);
        // The provider is down: the order cannot get past payment and its reservation ages.
        saga.shop().provider("{\"outage\":true}");

        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 2), saga.card(), Shop.address("10969"));
        await().atMost(SAGA).until(() -> saga.shop().reservation(orderId) != null);
        assertThat(saga.shop().stock(sku).path("available").asInt()).as("held while the reservation lives").isEqualTo(3);

        await().atMost(SAGA).untilAsserted(() -> {
            JsonNode reservation = saga.shop().reservation(orderId);
            assertThat(reservation.path("status").asString()).isEqualTo("RELEASED");
            assertThat(reservation.path("reason").asString()).isEqualTo("EXPIRED");
        });
        assertThat(saga.shop().stock(sku).path("available").asInt()).isEqualTo(5);
        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CANCELLED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("TIMED_OUT");

        // When the provider is back, the payment that waited must not be taken for an order that is over. Wait
        // for what can be seen, not for the breaker's timing: payment-service has closed every operation of the
        // payment, however long its breaker takes to let calls through again.
        saga.shop().provider("{\"outage\":false}");
        await().atMost(SAGA).untilAsserted(() -> {
            JsonNode payment = saga.shop().payment(orderId);
            assertThat(payment).as("the order's payment").isNotNull();
            assertThat(payment.path("operations").valueStream().map(operation -> operation.path("status").asString()))
                    .as("open operations of %s", payment).doesNotContain("PENDING", "UNKNOWN");
            assertThat(payment.path("status").asString()).as("%s", payment).isIn("CANCELLED", "VOIDED");
        });
        java.util.List<String> kinds = SagaSystemTests.kinds(saga.shop().providerLedger(orderId));
        assertThat(kinds).doesNotContain("CAPTURE");
        // Nothing charged; or, had payment heard of the cancel only after an attempt reached the provider, that
        // authorisation voided - never an authorisation left standing.
        if (saga.shop().payment(orderId).path("status").asString().equals("CANCELLED")) {
            assertThat(kinds).as("nothing asked of the provider for a payment dropped").isEmpty();
        } else {
            assertThat(kinds).containsExactlyInAnyOrder("AUTHORIZATION", "VOID");
        }
    }

    @Test
    @Order(2)
    void aConfirmedOrderThatIsNeverPickedUpTimesOutWithItsPaymentVoidedItsStockBackAndItsShipmentCalledOff() {
        saga.shop().courier("{\"autoAdvance\":false}");
        String sku = saga.invariants().stock(5, 400);
        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969"));
        assertThat(saga.shop().awaitOrder(saga.customer(), orderId, "CONFIRMED", SAGA).path("status").asString()).isEqualTo("CONFIRMED");
        // Confirmed, the reservation is the order's now: it outlives its time-to-live.
        await().atMost(SAGA).until(() -> saga.shop().reservation(orderId).path("pinned").asBoolean());

        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CANCELLED", SAGA);

        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("TIMED_OUT");
        await().atMost(SAGA).untilAsserted(() -> {
            assertThat(SagaSystemTests.kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "VOID");
            assertThat(saga.shop().reservation(orderId).path("status").asString()).isEqualTo("RELEASED");
            assertThat(saga.shop().stock(sku).path("available").asInt()).isEqualTo(5);
            assertThat(saga.shop().shipments(orderId).toString()).contains("CANCELLED");
        });
        assertThat(saga.shop().timeline(saga.customer(), orderId).toString()).contains("TIMED_OUT");
    }

    @Test
    @Order(3)
    void theSagasInvariantsHoldForEveryOrderPlacedHere() {
        saga.invariants().assertAllHold(Duration.ofMinutes(2));
    }
}
