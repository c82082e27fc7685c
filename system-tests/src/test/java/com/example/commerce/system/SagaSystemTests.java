package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.stack.api.Api;
import com.example.commerce.stack.api.Shop;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * The order saga over the running fleet (customer, catalog, cart, order, inventory, payment, shipping and the
 * partner simulators as separate processes on a real PostgreSQL and Kafka broker): every end an order can reach,
 * driven through the public APIs, with the payment provider's and the courier's own ledgers as witnesses.
 * It runs on the {@link SagaSession#pairedFleet} that {@code SagaFaultsSystemTests} ran its faults on (two
 * instances each of order, payment and shipping), so every path here also meets a second instance. At the
 * class's end {@link SagaSession} has the {@link InvariantChecker} check every order the fleet holds.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SagaSystemTests {

    private static final Duration SAGA = Duration.ofSeconds(90);

    @RegisterExtension
    static final SagaSession saga = SagaSession.pairedFleet("alice@example.com");

    @Test
    @Order(1)
    void aCheckedOutCartIsDeliveredWithItsWholeTimelineAndChargedExactlyOnce() {
        String mug = saga.invariants().stock(100, 1299);
        String tee = saga.invariants().stock(100, 2499);
        await().atMost(SAGA).until(() -> saga.shop().addToCart(saga.customer(), mug, 2).status() == 200);
        saga.shop().addToCart(saga.customer(), tee, 1).expect(200);

        Api.Reply placed = saga.shop().placeOrder(saga.customer(), UUID.randomUUID().toString(), Shop.checkout(saga.card(), Shop.address("10969")));
        placed.expect(202);
        String orderId = placed.field("id");
        saga.invariants().track(orderId);
        assertThat(placed.header("Location")).hasValueSatisfying(location -> assertThat(location).endsWith("/api/v1/orders/" + orderId));
        assertThat(placed.field("status")).isEqualTo("PENDING");
        long total = Long.parseLong(placed.field("total/amountMinor"));
        assertThat(total).isEqualTo(2 * 1299 + 2499);

        // Followed without polling: the order's event stream runs until the order is over.
        Api.Reply stream = saga.shop().api().stream(saga.shop().url("order-service", "/api/v1/orders/" + orderId + "/events"), saga.customer(),
                SAGA);
        assertThat(stream.status()).isEqualTo(200);
        assertThat(stream.text()).contains("CONFIRMED", "SHIPPED", "DELIVERED");
        assertThat(stream.text().indexOf("CONFIRMED")).isLessThan(stream.text().lastIndexOf("DELIVERED"));

        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "DELIVERED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("DELIVERED");
        String timeline = saga.shop().timeline(saga.customer(), orderId).toString();
        for (String step : List.of("OrderPlaced", "StockReserved", "PaymentAuthorized", "OrderConfirmed",
                "ShipmentCreated", "ShipmentDispatched", "ShipmentDelivered")) {
            assertThat(timeline).as("the timeline shows %s", step).contains(step);
        }
        assertThat(timeline).contains("inventory-service", "payment-service", "shipping-service");

        // The ordered lines left the cart.
        JsonNode cart = saga.shop().cart(saga.customer()).expect(200).json();
        assertThat(cart.path("lines").toString()).doesNotContain(mug).doesNotContain(tee);

        // The provider authorised and captured the order's total, once each.
        await().atMost(SAGA).untilAsserted(() ->
                assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "CAPTURE"));
        for (JsonNode operation : saga.shop().providerLedger(orderId)) {
            assertThat(operation.path("amountMinor").asLong()).as(operation.toString()).isEqualTo(total);
        }
        await().atMost(SAGA).untilAsserted(() ->
                assertThat(saga.shop().reservation(orderId).path("status").asString()).isEqualTo("COMMITTED"));
        assertThat(saga.shop().stock(mug).path("onHand").asInt()).isEqualTo(98);
        assertThat(saga.shop().stock(tee).path("onHand").asInt()).isEqualTo(99);
        assertThat(saga.shop().shipments(orderId)).hasSize(1);
        saga.invariants().delivered(orderId, total);
    }

    @Test
    @Order(2)
    void aDeclinedPaymentCancelsTheOrderAndGivesTheStockBack() {
        String sku = saga.invariants().stock(10, 500);
        String declining = saga.shop().savePaymentMethod(saga.customer(), Shop.DECLINED_CARD);

        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 3), declining, Shop.address("10969"));

        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CANCELLED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("PAYMENT_DECLINED");
        await().atMost(SAGA).untilAsserted(() -> {
            assertThat(saga.shop().reservation(orderId).path("status").asString()).isEqualTo("RELEASED");
            assertThat(saga.shop().stock(sku).path("available").asInt()).isEqualTo(10);
        });
        assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactly("DECLINE");
    }

    @Test
    @Order(3)
    void anOrderForMoreThanIsInStockIsRejectedAndReservesNothing() {
        String sku = saga.invariants().stock(2, 500);

        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 3), saga.card(), Shop.address("10969"));

        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "REJECTED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("REJECTED");
        assertThat(order.path("reason").asString()).isEqualTo("OUT_OF_STOCK");
        JsonNode stock = saga.shop().stock(sku);
        assertThat(stock.path("available").asInt()).isEqualTo(2);
        assertThat(stock.path("reserved").asInt()).isZero();
        assertThat(saga.shop().providerLedger(orderId)).isEmpty();
    }

    @Test
    @Order(4)
    void aCustomerCancellingAConfirmedOrderGetsTheAuthorisationVoidedTheStockBackAndTheShipmentCalledOff() {
        saga.shop().courier("{\"autoAdvance\":false}");
        String sku = saga.invariants().stock(10, 700);
        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 2), saga.card(), Shop.address("10969"));
        assertThat(saga.shop().awaitOrder(saga.customer(), orderId, "CONFIRMED", SAGA).path("status").asString()).isEqualTo("CONFIRMED");

        Api.Reply cancelled = saga.shop().cancel(saga.customer(), orderId);

        // A confirmed order's cancel is a request: shipping calls the booking off first, then the order ends.
        assertThat(cancelled.status()).as(cancelled.text()).isEqualTo(202);
        assertThat(cancelled.field("status")).isEqualTo("CANCELLING");
        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CANCELLED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("CUSTOMER_REQUEST");
        await().atMost(SAGA).untilAsserted(() -> {
            assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "VOID");
            assertThat(saga.shop().reservation(orderId).path("status").asString()).isEqualTo("RELEASED");
            assertThat(saga.shop().stock(sku).path("available").asInt()).isEqualTo(10);
            assertThat(saga.shop().shipments(orderId).toString()).contains("CANCELLED");
        });
        assertThat(saga.shop().cancel(saga.customer(), orderId).status()).as("cancelling again changes nothing").isEqualTo(200);
    }

    @Test
    @Order(5)
    void anOrderOnItsWayCannotBeCancelledAndIsDeliveredAndCaptured() {
        saga.shop().courier("{\"autoAdvance\":false}");
        String sku = saga.invariants().stock(10, 900);
        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969"));
        saga.shop().awaitOrder(saga.customer(), orderId, "CONFIRMED", SAGA);
        String booking = awaitBooking(orderId);

        saga.shop().advanceBooking(booking, "DISPATCHED");
        assertThat(saga.shop().awaitOrder(saga.customer(), orderId, "SHIPPED", SAGA).path("status").asString()).isEqualTo("SHIPPED");
        Api.Reply refused = saga.shop().cancel(saga.customer(), orderId);

        assertThat(refused.status()).isEqualTo(409);
        assertThat(saga.shop().order(saga.customer(), orderId).field("status")).isEqualTo("SHIPPED");
        saga.shop().advanceBooking(booking, "DELIVERED");
        assertThat(saga.shop().awaitOrder(saga.customer(), orderId, "DELIVERED", SAGA).path("status").asString()).isEqualTo("DELIVERED");
        await().atMost(SAGA).untilAsserted(() ->
                assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "CAPTURE"));
        saga.invariants().delivered(orderId, 900);
    }

    @Test
    @Order(6)
    void aCourierThatRefusesForGoodCancelsTheOrderVoidsThePaymentAndReleasesTheStock() {
        String sku = saga.invariants().stock(10, 800);

        // The simulated courier refuses to deliver to postal code 00000, for good.
        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 4), saga.card(), Shop.address("00000"));

        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CANCELLED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("SHIPPING_FAILED");
        await().atMost(SAGA).untilAsserted(() -> {
            assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "VOID");
            assertThat(saga.shop().stock(sku).path("available").asInt()).isEqualTo(10);
        });
    }

    @Test
    @Order(7)
    void aParcelLostInTransitIsRefunded() {
        saga.shop().courier("{\"autoAdvance\":false}");
        String sku = saga.invariants().stock(10, 650);
        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969"));
        saga.shop().awaitOrder(saga.customer(), orderId, "CONFIRMED", SAGA);
        String booking = awaitBooking(orderId);
        saga.shop().advanceBooking(booking, "DISPATCHED");
        saga.shop().awaitOrder(saga.customer(), orderId, "SHIPPED", SAGA);
        await().atMost(SAGA).until(() -> kinds(saga.shop().providerLedger(orderId)).contains("CAPTURE"));

        saga.shop().advanceBooking(booking, "FAILED");

        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CANCELLED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("CANCELLED");
        assertThat(order.path("reason").asString()).isEqualTo("SHIPPING_FAILED");
        await().atMost(SAGA).untilAsserted(() ->
                assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "CAPTURE", "REFUND"));
        // The parcel left the warehouse: its stock is gone, not back on the shelf.
        assertThat(saga.shop().stock(sku).path("onHand").asInt()).isEqualTo(9);
    }

    @Test
    @Order(8)
    void aProviderThatChargesButLosesTheAnswerChargesOnceAndTheOrderIsConfirmed() {
        String sku = saga.invariants().stock(10, 1100);
        saga.shop().provider("{\"ambiguousRate\":1.0}");

        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969"));
        // The charge is made at the provider while payment-service is still waiting for an answer that never comes.
        await().atMost(SAGA).until(() -> kinds(saga.shop().providerLedger(orderId)).contains("AUTHORIZATION"));
        saga.shop().provider("{\"ambiguousRate\":0.0}");

        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CONFIRMED", SAGA);
        assertThat(order.path("status").asString()).isIn("CONFIRMED", "SHIPPED", "DELIVERED");
        saga.shop().awaitOrder(saga.customer(), orderId, "DELIVERED", SAGA);
        assertThat(kinds(saga.shop().providerLedger(orderId))).filteredOn("AUTHORIZATION"::equals).hasSize(1);
    }

    @Test
    @Order(9)
    void duringAProviderOutageTheBreakerOpensOrdersWaitUnchargedAndAreAuthorisedOnceEachWhenItEnds() {
        String sku = saga.invariants().stock(10, 1200);
        saga.shop().provider("{\"outage\":true}");

        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969")));
        }
        // Enough failed calls open payment-service's breaker in front of the provider.
        await().atMost(SAGA).until(() -> breakersOpen() >= 1.0);
        // Negative check: while the provider is down the orders wait and nothing is charged.
        for (String orderId : orders) {
            assertThat(saga.shop().order(saga.customer(), orderId).field("status")).as(orderId).isEqualTo("PENDING");
            assertThat(saga.shop().providerLedger(orderId)).as(orderId).isEmpty();
        }

        saga.shop().provider("{\"outage\":false}");

        for (String orderId : orders) {
            assertThat(saga.shop().awaitOrder(saga.customer(), orderId, "CONFIRMED", SAGA).path("status").asString()).as(orderId)
                    .isIn("CONFIRMED", "SHIPPED", "DELIVERED");
        }
        for (String orderId : orders) {
            saga.shop().awaitOrder(saga.customer(), orderId, "DELIVERED", SAGA);
            assertThat(kinds(saga.shop().providerLedger(orderId))).as(orderId).filteredOn("AUTHORIZATION"::equals).hasSize(1);
        }
        await().atMost(SAGA).until(() -> breakersOpen() == 0.0);
    }

    /** Open breakers in front of the provider, over both payment-service instances. */
    private static double breakersOpen() {
        return saga.fleet().scrape("payment-service").sum("commerce_payment_provider_breaker_open")
                + saga.fleet().scrape("payment-service-2").sum("commerce_payment_provider_breaker_open");
    }

    @Test
    @Order(10)
    void oneIdempotencyKeySentEightTimesAtOncePlacesOneOrderAndAnotherBodyUnderItIsRefused() throws Exception {
        String sku = saga.invariants().stock(50, 300);
        String body = Shop.orderOfLines(Map.of(sku, 1), saga.card(), Shop.address("10969"));
        saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969")); // the read model knows the SKU now
        String key = UUID.randomUUID().toString();
        CyclicBarrier start = new CyclicBarrier(8);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(8)) {
            for (int i = 0; i < 8; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return saga.shop().placeOrder(saga.customer(), key, body);
                }));
            }
        }
        Set<String> ids = new HashSet<>();
        for (Future<Api.Reply> reply : replies) {
            assertThat(reply.get().status()).as(reply.get().text()).isEqualTo(202);
            ids.add(reply.get().field("id"));
        }
        assertThat(ids).hasSize(1);
        saga.invariants().track(ids.iterator().next());

        Api.Reply mismatch = saga.shop().placeOrder(saga.customer(), key, Shop.orderOfLines(Map.of(sku, 2), saga.card(), Shop.address("10969")));
        assertThat(mismatch.status()).isEqualTo(422);
        assertThat(mismatch.text()).contains("idempotency");
    }

    @Test
    @Order(11)
    void ordersCancelledTheMomentTheyArePlacedEndCompensatedWhateverStepTheyReached() {
        String sku = saga.invariants().stock(40, 450);
        List<String> orders = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 2), saga.card(), Shop.address("10969"));
            orders.add(orderId);
            assertThat(saga.shop().cancel(saga.customer(), orderId).status()).isIn(200, 202, 409);
        }

        for (String orderId : orders) {
            JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "CANCELLED", SAGA);
            assertThat(order.path("status").asString()).as(orderId).isEqualTo("CANCELLED");
        }
        await().atMost(SAGA).untilAsserted(() -> {
            assertThat(saga.shop().stock(sku).path("available").asInt()).isEqualTo(40);
            assertThat(saga.shop().stock(sku).path("reserved").asInt()).isZero();
            for (String orderId : orders) {
                List<String> kinds = kinds(saga.shop().providerLedger(orderId));
                assertThat(kinds).as(orderId).doesNotContain("CAPTURE");
                assertThat(kinds.contains("AUTHORIZATION")).as("%s authorised %s but not voided", orderId, kinds)
                        .isEqualTo(kinds.contains("VOID"));
            }
        });
    }

    @Test
    @Order(12)
    void aThousandOrdersForAHundredUnitsConfirmExactlyAHundredAndNeverOversell() throws Exception {
        String sku = saga.invariants().stock(100, 199);
        saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969")); // one of the hundred; the SKU is known
        AtomicBoolean sampling = new AtomicBoolean(true);
        AtomicInteger lowest = new AtomicInteger(Integer.MAX_VALUE);
        Thread sampler = Thread.ofVirtual().start(() -> {
            while (sampling.get()) {
                lowest.accumulateAndGet(saga.shop().stock(sku).path("available").asInt(), Math::min);
                java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos()); // a sampling pace
            }
        });
        String body = Shop.orderOfLines(Map.of(sku, 1), saga.card(), Shop.address("10969"));
        Map<String, Boolean> placed = new ConcurrentHashMap<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(32)) {
            List<Future<?>> all = IntStream.range(0, 999).<Future<?>>mapToObj(i -> pool.submit(() -> {
                Api.Reply reply = saga.shop().placeOrderRetrying(saga.customer(), UUID.randomUUID().toString(), body);
                assertThat(reply.status()).as(reply.text()).isEqualTo(202);
                placed.put(reply.field("id"), true);
            })).toList();
            for (Future<?> future : all) {
                future.get();
            }
        }
        placed.keySet().forEach(saga.invariants()::track);

        Map<String, Integer> ends = new LinkedHashMap<>();
        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
            ends.clear();
            for (String orderId : saga.invariants().tracked()) {
                if (!saga.invariants().isOfSku(orderId, sku)) {
                    continue;
                }
                ends.merge(saga.shop().order(saga.customer(), orderId).field("status"), 1, Integer::sum);
            }
            assertThat(ends.keySet()).as("%s", ends).containsOnly("DELIVERED", "REJECTED");
        });
        sampling.set(false);
        sampler.join();

        assertThat(ends).containsEntry("DELIVERED", 100).containsEntry("REJECTED", 900);
        assertThat(lowest.get()).as("the lowest available stock seen").isGreaterThanOrEqualTo(0);
        JsonNode stock = saga.shop().stock(sku);
        assertThat(stock.path("available").asInt()).isZero();
        assertThat(stock.path("reserved").asInt()).isZero();
        assertThat(stock.path("onHand").asInt()).as("100 units shipped").isZero();
    }

    @Test
    @Order(13)
    void aCancelThatRacesAnUnseenDispatchIsRefusedAndTheOrderIsShippedAndCharged() {
        // The courier picks the parcel up but its callback is lost: nobody here knows of the dispatch yet.
        saga.shop().courier("{\"autoAdvance\":false,\"callbacks\":false}");
        String sku = saga.invariants().stock(10, 950);
        String orderId = saga.invariants().place(saga.customer(), Map.of(sku, 1), saga.card(), Shop.address("10969"));
        saga.shop().awaitOrder(saga.customer(), orderId, "CONFIRMED", SAGA);
        String booking = awaitBooking(orderId);
        saga.shop().advanceBooking(booking, "DISPATCHED");
        assertThat(saga.shop().order(saga.customer(), orderId).field("status")).isEqualTo("CONFIRMED");

        Api.Reply cancel = saga.shop().cancel(saga.customer(), orderId);

        assertThat(cancel.status()).as(cancel.text()).isEqualTo(202);
        assertThat(cancel.field("status")).isEqualTo("CANCELLING");
        // Shipping asks the courier to call the booking off; the courier has the parcel: the cancel is refused.
        JsonNode order = saga.shop().awaitOrder(saga.customer(), orderId, "SHIPPED", SAGA);
        assertThat(order.path("status").asString()).isEqualTo("SHIPPED");
        await().atMost(SAGA).untilAsserted(() -> {
            assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "CAPTURE");
            assertThat(saga.shop().reservation(orderId).path("status").asString()).isEqualTo("COMMITTED");
        });
        assertThat(saga.shop().stock(sku).path("onHand").asInt()).as("the parcel's unit left the warehouse").isEqualTo(9);
        assertThat(saga.shop().stock(sku).path("available").asInt()).as("nothing was given back").isEqualTo(9);
        assertThat(saga.shop().timeline(saga.customer(), orderId).toString()).doesNotContain("OrderCancelled");

        saga.shop().courier("{\"autoAdvance\":false,\"callbacks\":true}");
        saga.shop().advanceBooking(booking, "DELIVERED");
        saga.shop().awaitOrder(saga.customer(), orderId, "DELIVERED", SAGA);
        assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "CAPTURE");
        saga.invariants().delivered(orderId, 950);
    }

    @Test
    @Order(14)
    void oneCartCheckedOutTwiceAtOnceUnderTwoKeysBecomesOneOrderChargedOnce() throws Exception {
        String sku = saga.invariants().stock(10, 1350);
        await().atMost(SAGA).until(() -> saga.shop().addToCart(saga.customer(), sku, 1).status() == 200);
        String body = Shop.checkout(saga.card(), Shop.address("10969"));
        CyclicBarrier start = new CyclicBarrier(2);
        List<Future<Api.Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
            for (int i = 0; i < 2; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return saga.shop().placeOrderRetrying(saga.customer(), UUID.randomUUID().toString(), body);
                }));
            }
        }
        List<Api.Reply> answers = new ArrayList<>();
        for (Future<Api.Reply> reply : replies) {
            answers.add(reply.get());
        }
        List<Api.Reply> accepted = answers.stream().filter(reply -> reply.status() == 202).toList();
        assertThat(accepted).as("%s", answers.stream().map(Api.Reply::text).toList()).hasSize(1);
        Api.Reply refused = answers.stream().filter(reply -> reply.status() != 202).findFirst().orElseThrow();
        String orderId = accepted.get(0).field("id");
        saga.invariants().track(orderId);
        // A checkout that read the cart before the other claimed it is told which order has it; one that read
        // it after finds it empty. Either way it placed nothing.
        assertThat(refused.status()).as(refused.text()).isIn(409, 422);
        if (refused.status() == 409) {
            assertThat(refused.text()).contains("cart-already-checked-out").contains(orderId);
        } else {
            assertThat(refused.text()).contains("cart-empty");
        }

        saga.shop().awaitOrder(saga.customer(), orderId, "DELIVERED", SAGA);
        assertThat(kinds(saga.shop().providerLedger(orderId))).containsExactlyInAnyOrder("AUTHORIZATION", "CAPTURE");
        assertThat(saga.shop().stock(sku).path("onHand").asInt()).as("one unit shipped, not two").isEqualTo(9);
        saga.invariants().delivered(orderId, 1350);
    }

    private static String awaitBooking(String orderId) {
        String[] booking = new String[1];
        await().atMost(SAGA).until(() -> {
            JsonNode shipments = saga.shop().shipments(orderId);
            if (shipments.isEmpty() || shipments.get(0).path("id").isMissingNode()) {
                return false;
            }
            JsonNode bookings = saga.shop().courierBookings(orderId);
            if (bookings.isEmpty()) {
                bookings = saga.shop().courierBookings(shipments.get(0).path("id").asString());
            }
            if (bookings.isEmpty()) {
                return false;
            }
            booking[0] = bookings.get(0).path("bookingId").asString();
            return true;
        });
        return booking[0];
    }

    static List<String> kinds(JsonNode ledger) {
        List<String> kinds = new ArrayList<>();
        ledger.forEach(operation -> kinds.add(operation.path("kind").asString()));
        return kinds;
    }
}
