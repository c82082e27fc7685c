package com.example.commerce.order.saga;

import com.example.commerce.events.shared.Shortage;

import com.example.commerce.events.order.OrderBackordered;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.Topics;
import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.order.OrderRejected;
import com.example.commerce.events.shared.Money;
import com.example.commerce.order.OrderApi;
import com.example.commerce.order.PeerStub;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TopicRecords;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * The order's side of the saga, driven by real records of inventory.events, payment.events and
 * shipping.events: the happy path, every compensation end state, races in both orders, redelivery.
 */
@ServiceIntegrationTest
class SagaIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    private OrderApi api;

    /** An order placed for a test, and the events of the other services about it. */
    private record Placed(UUID id, OrderApi.Customer customer, SagaEvents events) {
    }

    @BeforeEach
    void client() {
        api = new OrderApi(port);
        PeerStub.get().reset();
    }

    @AfterEach
    void close() {
        api.close();
    }

    @Test
    void theHappyPathReachesDeliveredWithTheWholeTimeline() {
        double placedBefore = counter("commerce.orders.placed");
        double deliveredBefore = ended("DELIVERED");
        long confirmationsBefore = confirmations();
        Placed order = place();

        deliver(order, order.events().reserved(), "STOCK_RESERVED");
        assertThat(status(order)).isEqualTo("PENDING");
        deliver(order, order.events().authorized(), "CONFIRMED");
        assertThat(status(order)).isEqualTo("CONFIRMED");
        OrderConfirmed confirmed = api.awaitOrderEvent(order.id(), OrderConfirmed.class);
        assertThat(confirmed.total()).isEqualTo(order.events().total());
        assertThat(confirmed.customerId()).isEqualTo(order.customer().id());
        assertThat(confirmed.lines()).singleElement().satisfies(line -> assertThat(line.quantity()).isEqualTo(2));
        assertThat(confirmed.shippingAddress()).isEqualTo(OrderApi.HOME);
        deliver(order, order.events().shipmentCreated(), "SHIPMENT_CREATED");
        deliver(order, order.events().dispatched(), "SHIPMENT_DISPATCHED");
        assertThat(status(order)).isEqualTo("SHIPPED");
        deliver(order, order.events().captured(), "PAYMENT_CAPTURED");
        deliver(order, order.events().committed(), "STOCK_COMMITTED");
        deliver(order, order.events().delivered(), "COMPLETED");

        JsonNode delivered = api.order(order.id(), order.customer().token());
        assertThat(delivered.get("status").asString()).isEqualTo("DELIVERED");
        assertThat(delivered.get("deadlineAt").isNull()).isTrue();
        api.awaitOrderEvent(order.id(), OrderCompleted.class);
        assertThat(api.steps(order.id(), order.customer().token())).containsExactly(
                "PLACED order-service true",
                "STOCK_RESERVED inventory-service true",
                "PAYMENT_AUTHORIZED payment-service true",
                "CONFIRMED order-service true",
                "SHIPMENT_CREATED shipping-service true",
                "SHIPMENT_DISPATCHED shipping-service true",
                "PAYMENT_CAPTURED payment-service true",
                "STOCK_COMMITTED inventory-service true",
                "SHIPMENT_DELIVERED shipping-service true",
                "COMPLETED order-service true");
        JsonNode entry = api.timeline(order.id(), order.customer().token()).get("entries").get(2);
        assertThat(entry.get("eventType").asString()).isEqualTo("payment.PaymentAuthorized.v1");
        assertThat(entry.get("at").asString()).isNotBlank();
        assertThat(entry.get("detail").asString()).contains("pi_" + order.id());

        api.problem(api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token()), 409,
                "urn:commerce:problem:order-not-cancellable");
        assertThat(counter("commerce.orders.placed") - placedBefore).isGreaterThanOrEqualTo(1);
        assertThat(confirmations() - confirmationsBefore).isGreaterThanOrEqualTo(1);
        assertThat(ended("DELIVERED") - deliveredBefore).isGreaterThanOrEqualTo(1);
    }

    @Test
    void aDeclinedPaymentCancelsTheOrderAndTheReleaseIsRecorded() {
        Placed order = place();
        deliver(order, order.events().reserved(), "STOCK_RESERVED");

        deliver(order, order.events().declined(), "CANCELLED");
        deliver(order, order.events().released(OrderEndReasons.PAYMENT_DECLINED), "STOCK_RELEASED");

        assertEnded(order, "CANCELLED", OrderEndReasons.PAYMENT_DECLINED);
        assertThat(api.awaitOrderEvent(order.id(), OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.PAYMENT_DECLINED);
        assertThat(api.steps(order.id(), order.customer().token())).endsWith("PAYMENT_DECLINED payment-service true",
                "CANCELLED order-service true", "STOCK_RELEASED inventory-service true");
    }

    @Test
    void aShortageBackordersAnOrderThatAllowsItInsteadOfRejectingIt() {
        double rejectedBefore = endedCount("REJECTED", OrderEndReasons.OUT_OF_STOCK);
        Placed order = placeAllowingBackorder();

        deliver(order, order.events().reservationFailed(), "BACKORDERED");

        JsonNode view = api.order(order.id(), order.customer().token());
        assertThat(view.get("status").asString()).isEqualTo("BACKORDERED");
        OrderBackordered backordered = api.awaitOrderEvent(order.id(), OrderBackordered.class);
        assertThat(backordered.shortages()).containsExactly(new Shortage("SKU-1", 2, 0));
        assertThat(backordered.lines()).singleElement().satisfies(line -> assertThat(line.quantity()).isEqualTo(2));
        assertThat(endedCount("REJECTED", OrderEndReasons.OUT_OF_STOCK)).isEqualTo(rejectedBefore);
        assertThat(published(order, "order.OrderRejected.v1")).isZero();
        assertThat(published(order, "order.OrderBackordered.v1")).isEqualTo(1);
    }

    @Test
    void aFulfilledBackorderTakesTheOrderOnToPaymentAndConfirmation() {
        Placed order = placeAllowingBackorder();
        deliver(order, order.events().reservationFailed(), "BACKORDERED");

        deliver(order, order.events().backorderFulfilled(), "BACKORDER_FULFILLED");
        assertThat(api.order(order.id(), order.customer().token()).get("status").asString()).isEqualTo("PENDING");
        deliver(order, order.events().authorized(), "CONFIRMED");

        assertEnded(order, "CONFIRMED", null);
        assertThat(api.steps(order.id(), order.customer().token())).contains("BACKORDERED order-service true",
                "BACKORDER_FULFILLED backorder-service true");
    }

    @Test
    void aFailedBackorderCancelsTheOrderWithBackorderFailedOnceEvenWhenRedelivered() {
        Placed order = placeAllowingBackorder();
        deliver(order, order.events().reservationFailed(), "BACKORDERED");
        var failed = order.events().backorderFailed();

        deliver(order, failed, "CANCELLED");
        deliver(order, failed, "BACKORDER_FAILED");

        assertEnded(order, "CANCELLED", OrderEndReasons.BACKORDER_FAILED);
        assertThat(published(order, "order.OrderCancelled.v1")).isEqualTo(1);
    }

    @Test
    void anAuthorisationBeforeOrAfterTheFulfilmentConfirmsTheBackorderedOrder() {
        Placed fulfilledFirst = placeAllowingBackorder();
        Placed authorizedFirst = placeAllowingBackorder();
        for (Placed order : List.of(fulfilledFirst, authorizedFirst)) {
            deliver(order, order.events().reservationFailed(), "BACKORDERED");
        }

        deliver(fulfilledFirst, fulfilledFirst.events().backorderFulfilled(), "BACKORDER_FULFILLED");
        deliver(fulfilledFirst, fulfilledFirst.events().authorized(), "CONFIRMED");
        deliver(authorizedFirst, authorizedFirst.events().authorized(), "CONFIRMED");
        deliver(authorizedFirst, authorizedFirst.events().backorderFulfilled(), "BACKORDER_FULFILLED");

        for (Placed order : List.of(fulfilledFirst, authorizedFirst)) {
            assertEnded(order, "CONFIRMED", null);
            assertThat(published(order, "order.OrderConfirmed.v1")).isEqualTo(1);
        }
        assertThat(api.steps(authorizedFirst.id(), authorizedFirst.customer().token()))
                .contains("BACKORDER_FULFILLED backorder-service false");
    }

    private Placed placeAllowingBackorder() {
        OrderApi.Customer customer = api.customer();
        PeerStub.get().cart(customer.id(), new PeerStub.Cart(UUID.randomUUID(),
                List.of(new PeerStub.CartLine("SKU-" + UUID.randomUUID().toString().substring(0, 8), "Mug", 2, 1250,
                        List.of())), null, 0));
        HttpResponse<String> accepted = api.place(customer.token(), UUID.randomUUID().toString(),
                "{\"paymentMethodId\":\"" + customer.paymentMethodId() + "\",\"allowBackorder\":true}");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        UUID id = UUID.fromString(api.json(accepted).get("id").asString());
        assertThat(api.awaitOrderEvent(id, OrderPlaced.class).backorderAllowed()).isTrue();
        Money total = new Money(api.order(id, customer.token()).get("total").get("amountMinor").asLong(), "EUR");
        return new Placed(id, customer, SagaEvents.of(id, total));
    }

    private double endedCount(String status, String reason) {
        var counter = meters.find("commerce.orders.ended").tag("status", status).tag("reason", reason).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aFailedShipmentCancelsAConfirmedOrder() {
        Placed order = confirmedOrder();

        deliver(order, order.events().shipmentFailed(), "CANCELLED");
        deliver(order, order.events().voided(), "PAYMENT_VOIDED");
        deliver(order, order.events().released("SHIPPING_FAILED"), "STOCK_RELEASED");

        assertEnded(order, "CANCELLED", OrderEndReasons.SHIPPING_FAILED);
        assertThat(api.awaitOrderEvent(order.id(), OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.SHIPPING_FAILED);
    }

    @Test
    void aShipmentLostInTransitCancelsAShippedOrderForARefund() {
        Placed order = confirmedOrder();
        deliver(order, order.events().dispatched(), "SHIPMENT_DISPATCHED");

        deliver(order, order.events().shipmentFailed(), "CANCELLED");
        deliver(order, order.events().refunded(), "PAYMENT_REFUNDED");

        assertEnded(order, "CANCELLED", OrderEndReasons.SHIPPING_FAILED);
    }

    @Test
    void anExpiredReservationTimesTheOrderOut() {
        Placed order = place();
        deliver(order, order.events().reserved(), "STOCK_RESERVED");

        deliver(order, order.events().released("EXPIRED"), "CANCELLED");

        assertEnded(order, "CANCELLED", OrderEndReasons.TIMED_OUT);
        assertThat(api.awaitOrderEvent(order.id(), OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.TIMED_OUT);
    }

    @Test
    void aCustomerCancelAfterAuthorisationIsARequestCompensatedOnceShippingCalledTheBookingOff() {
        Placed order = confirmedOrder();

        HttpResponse<String> requested = api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token());
        assertThat(requested.statusCode()).as(requested.body()).isEqualTo(202);
        JsonNode cancelling = api.json(requested);
        assertThat(cancelling.get("status").asString()).isEqualTo("CANCELLING");
        assertThat(cancelling.get("reason").asString()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(api.awaitOrderEvent(order.id(), OrderCancellationRequested.class).reason())
                .isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(published(order, "order.OrderCancelled.v1")).as("nothing compensated on the request alone").isZero();

        deliver(order, order.events().shipmentCancelled(), "CANCELLED");
        assertThat(api.awaitOrderEvent(order.id(), OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        deliver(order, order.events().voided(), "PAYMENT_VOIDED");
        deliver(order, order.events().released(OrderEndReasons.CUSTOMER_REQUEST), "STOCK_RELEASED");
        deliver(order, order.events().dispatched(), "SHIPMENT_DISPATCHED");

        var again = api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token());
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(api.json(again).get("status").asString()).as("cancelling again is a no-op").isEqualTo("CANCELLED");
        assertEnded(order, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(published(order, "order.OrderCancelled.v1")).isOne();
        assertThat(api.steps(order.id(), order.customer().token())).endsWith("CANCEL_REQUESTED order-service true",
                "CANCELLING order-service true", "SHIPMENT_CANCELLED shipping-service true",
                "CANCELLED order-service true", "PAYMENT_VOIDED payment-service true",
                "STOCK_RELEASED inventory-service true", "SHIPMENT_DISPATCHED shipping-service false");
    }

    // The cancel of a CONFIRMED order is a request that shipping answers (issue 13): both answers, each delivered twice.

    @Test
    void aCancelRequestedBeforeTheCourierTookTheParcelIsRefusedWhenShippingReportsTheDispatch() {
        Placed order = confirmedOrder();
        assertThat(requestCancel(order).get("status").asString()).isEqualTo("CANCELLING");
        assertThat(api.awaitOrderEvent(order.id(), OrderCancellationRequested.class).reason())
                .isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(requestCancel(order).get("status").asString()).as("asked twice: the same request").isEqualTo("CANCELLING");

        UUID dispatch = UUID.randomUUID();
        api.feed().publish(dispatch, order.events().dispatched());
        api.feed().publish(dispatch, order.events().dispatched());
        // Behind both copies on the same key and topic: the courier's word published again under a new id.
        api.publish(order.events().dispatched());
        await("both dispatches of " + order.id()).atMost(OrderApi.PATIENCE)
                .until(() -> count(order, "SHIPMENT_DISPATCHED") == 2);
        deliver(order, order.events().captured(), "PAYMENT_CAPTURED");

        assertEnded(order, "SHIPPED", null);
        assertThat(api.steps(order.id(), order.customer().token())).endsWith("CANCEL_REQUESTED order-service true",
                "CANCELLING order-service true", "SHIPMENT_DISPATCHED shipping-service true",
                "SHIPMENT_DISPATCHED shipping-service false", "PAYMENT_CAPTURED payment-service true");
        assertThat(detailOf(order, "SHIPMENT_DISPATCHED")).contains("cancel refused: the courier has the parcel");
        api.problem(api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token()), 409,
                "urn:commerce:problem:order-not-cancellable");
        // The positive check above, then the negative one: the whole topic, once the order's outbox is sent.
        assertThat(orderEventTypes(order)).containsOnlyOnce("order.OrderCancellationRequested.v1")
                .doesNotContain("order.OrderCancelled.v1");
        assertThat(published(order, "order.OrderCancelled.v1")).isZero();
    }

    @Test
    void aCancelRequestEndsCancelledOnceWhenShippingCalledTheBookingOff() {
        Placed order = confirmedOrder();
        requestCancel(order);

        UUID callOff = UUID.randomUUID();
        api.feed().publish(callOff, order.events().shipmentCancelled());
        api.feed().publish(callOff, order.events().shipmentCancelled());
        // Shipping answers a repeated request again, under a new id: recorded, nothing more.
        deliver(order, order.events().shipmentCancelled(), "SHIPMENT_CANCELLED");
        deliver(order, order.events().dispatched(), "SHIPMENT_DISPATCHED");

        assertEnded(order, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(api.awaitOrderEvent(order.id(), OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(api.steps(order.id(), order.customer().token())).endsWith("CANCEL_REQUESTED order-service true",
                "CANCELLING order-service true", "SHIPMENT_CANCELLED shipping-service true",
                "CANCELLED order-service true", "SHIPMENT_CANCELLED shipping-service true",
                "SHIPMENT_DISPATCHED shipping-service false");
        assertThat(orderEventTypes(order)).containsOnlyOnce("order.OrderCancellationRequested.v1",
                "order.OrderCancelled.v1");
        assertThat(published(order, "order.OrderCancelled.v1")).isOne();
    }

    @Test
    void aCancelAndTheDispatchAtTheSameMomentEndShippedWhicheverComesFirst() throws Exception {
        List<Placed> orders = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            orders.add(confirmedOrder());
        }
        CyclicBarrier barrier = new CyclicBarrier(2 * orders.size());
        List<java.util.concurrent.Future<Integer>> answers = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(2 * orders.size())) {
            for (Placed order : orders) {
                pool.submit(() -> {
                    barrier.await();
                    return api.publish(order.events().dispatched());
                });
                answers.add(pool.submit(() -> {
                    barrier.await();
                    return api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token()).statusCode();
                }));
            }
        }
        for (int i = 0; i < orders.size(); i++) {
            Placed order = orders.get(i);
            awaitStep(order, "SHIPMENT_DISPATCHED");
            // The cancel first: 202 and a request that the dispatch refuses; the dispatch first: 409. Shipped either way.
            assertThat(answers.get(i).get()).isIn(202, 409);
            assertEnded(order, "SHIPPED", null);
            assertThat(published(order, "order.OrderCancellationRequested.v1")).isEqualTo(answers.get(i).get() == 202 ? 1 : 0);
            assertThat(orderEventTypes(order)).doesNotContain("order.OrderCancelled.v1");
        }
    }

    @Test
    void aCustomerCancelIsRefusedOnceShippedAndAnIntegratorMayCancel() {
        Placed shipped = confirmedOrder();
        deliver(shipped, shipped.events().dispatched(), "SHIPMENT_DISPATCHED");
        api.problem(api.post("/api/v1/orders/" + shipped.id() + "/cancel", shipped.customer().token()), 409,
                "urn:commerce:problem:order-not-cancellable");
        assertThat(status(shipped)).isEqualTo("SHIPPED");

        Placed rejected = place();
        deliver(rejected, rejected.events().reservationFailed(), "REJECTED");
        api.problem(api.post("/api/v1/orders/" + rejected.id() + "/cancel", rejected.customer().token()), 409,
                "urn:commerce:problem:order-not-cancellable");

        Placed pending = place();
        String integrator = com.example.commerce.testing.TestTokens.client("marketplace", "orders:write");
        assertThat(api.json(api.post("/api/v1/orders/" + pending.id() + "/cancel", integrator)).get("status").asString())
                .isEqualTo("CANCELLED");
    }

    @Test
    void aBackorderedOrderIsCancelledAtOnceLikeAPendingOne() {
        Placed order = placeAllowingBackorder();
        deliver(order, order.events().reservationFailed(), "BACKORDERED");

        cancel(order);

        assertEnded(order, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(api.awaitOrderEvent(order.id(), OrderCancelled.class).reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(published(order, "order.OrderCancellationRequested.v1")).isZero();
    }

    // Races: each pair of events (or an event and the customer's cancel) in both orders ends in the same state.

    @Test
    void cancelBeforeOrAfterPaymentAuthorizedEndsCancelled() {
        Placed cancelFirst = place();
        cancel(cancelFirst);
        deliver(cancelFirst, cancelFirst.events().authorized(), "PAYMENT_AUTHORIZED");

        Placed authorizedFirst = place();
        deliver(authorizedFirst, authorizedFirst.events().authorized(), "CONFIRMED");
        assertThat(requestCancel(authorizedFirst).get("status").asString()).isEqualTo("CANCELLING");
        deliver(authorizedFirst, authorizedFirst.events().shipmentCancelled(), "CANCELLED");

        for (Placed order : List.of(cancelFirst, authorizedFirst)) {
            assertEnded(order, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
            assertThat(published(order, "order.OrderCancelled.v1")).isOne();
        }
        assertThat(published(cancelFirst, "order.OrderConfirmed.v1")).as("a late authorisation confirms nothing").isZero();
    }

    @Test
    void cancelBeforeOrAfterStockReservedEndsCancelled() {
        Placed cancelFirst = place();
        cancel(cancelFirst);
        deliver(cancelFirst, cancelFirst.events().reserved(), "STOCK_RESERVED");

        Placed reservedFirst = place();
        deliver(reservedFirst, reservedFirst.events().reserved(), "STOCK_RESERVED");
        cancel(reservedFirst);

        for (Placed order : List.of(cancelFirst, reservedFirst)) {
            assertEnded(order, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
            assertThat(published(order, "order.OrderCancelled.v1")).isOne();
        }
    }

    @Test
    void aDeclineRacingACancelEndsCancelledOnceWhicheverComesFirst() {
        Placed declineFirst = place();
        deliver(declineFirst, declineFirst.events().declined(), "CANCELLED");
        cancel(declineFirst);

        Placed cancelFirst = place();
        cancel(cancelFirst);
        deliver(cancelFirst, cancelFirst.events().declined(), "PAYMENT_DECLINED");

        // The first end wins its reason; either way the order is cancelled once and compensated once.
        assertEnded(declineFirst, "CANCELLED", OrderEndReasons.PAYMENT_DECLINED);
        assertEnded(cancelFirst, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
        for (Placed order : List.of(declineFirst, cancelFirst)) {
            assertThat(published(order, "order.OrderCancelled.v1")).isOne();
        }
    }

    @Test
    void anExpiredReservationBeforeOrAfterPaymentAuthorizedEndsTimedOut() {
        Placed expiredFirst = place();
        deliver(expiredFirst, expiredFirst.events().released("EXPIRED"), "CANCELLED");
        deliver(expiredFirst, expiredFirst.events().authorized(), "PAYMENT_AUTHORIZED");

        // Once CONFIRMED, an expired reservation is a request to shipping like the CONFIRMED deadline.
        Placed authorizedFirst = place();
        deliver(authorizedFirst, authorizedFirst.events().authorized(), "CONFIRMED");
        deliver(authorizedFirst, authorizedFirst.events().released("EXPIRED"), "CANCELLING");
        assertEnded(authorizedFirst, "CANCELLING", OrderEndReasons.TIMED_OUT);
        deliver(authorizedFirst, authorizedFirst.events().shipmentCancelled(), "CANCELLED");

        for (Placed order : List.of(expiredFirst, authorizedFirst)) {
            assertEnded(order, "CANCELLED", OrderEndReasons.TIMED_OUT);
            assertThat(published(order, "order.OrderCancelled.v1")).isOne();
        }
    }

    @Test
    void aShipmentFailureBeforeOrAfterACancelEndsCancelledOnce() {
        Placed failedFirst = confirmedOrder();
        deliver(failedFirst, failedFirst.events().shipmentFailed(), "CANCELLED");
        cancel(failedFirst);

        // A booking the courier refused for good while the cancel waits for shipping: cancelled, with the reason
        // asked first.
        Placed cancelFirst = confirmedOrder();
        requestCancel(cancelFirst);
        deliver(cancelFirst, cancelFirst.events().shipmentFailed(), "CANCELLED");

        assertEnded(failedFirst, "CANCELLED", OrderEndReasons.SHIPPING_FAILED);
        assertEnded(cancelFirst, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
        for (Placed order : List.of(failedFirst, cancelFirst)) {
            assertThat(published(order, "order.OrderCancelled.v1")).isOne();
        }
    }

    @Test
    void aCancelAndAPaymentAuthorizedAtTheSameMomentLoseNeither() throws Exception {
        List<Placed> orders = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            orders.add(place());
        }
        CyclicBarrier barrier = new CyclicBarrier(2 * orders.size());
        try (ExecutorService pool = Executors.newFixedThreadPool(2 * orders.size())) {
            for (Placed order : orders) {
                pool.submit(() -> {
                    barrier.await();
                    return api.publish(order.events().authorized());
                });
                pool.submit(() -> {
                    barrier.await();
                    return api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token()).statusCode();
                });
            }
        }
        for (Placed order : orders) {
            awaitStep(order, "PAYMENT_AUTHORIZED");
            // Whichever came first, the order ends cancelled on request, and cancelled once. A confirmation that came
            // first makes the cancel a request: shipping calls the booking off, then the order is cancelled and
            // payment voids.
            if (api.steps(order.id(), order.customer().token()).contains("PAYMENT_AUTHORIZED payment-service true")) {
                await().atMost(OrderApi.PATIENCE).until(() -> "CANCELLING".equals(status(order)));
                deliver(order, order.events().shipmentCancelled(), "CANCELLED");
            }
            assertEnded(order, "CANCELLED", OrderEndReasons.CUSTOMER_REQUEST);
            assertThat(published(order, "order.OrderCancelled.v1")).isOne();
            List<String> steps = api.steps(order.id(), order.customer().token());
            boolean confirmedFirst = steps.contains("PAYMENT_AUTHORIZED payment-service true");
            assertThat(published(order, "order.OrderConfirmed.v1")).isEqualTo(confirmedFirst ? 1 : 0);
            assertThat(steps).as("no step lost").contains("CANCEL_REQUESTED order-service true",
                    "CANCELLED order-service true");
        }
    }

    @Test
    void everyEventDeliveredTwiceChangesNothingTheSecondTime() {
        Placed order = place();
        SagaEvents events = order.events();
        List<IntegrationEvent> path = List.of(events.reserved(), events.authorized(), events.shipmentCreated(),
                events.dispatched(), events.captured(), events.committed(), events.delivered());
        List<String> steps = List.of("STOCK_RESERVED", "CONFIRMED", "SHIPMENT_CREATED", "SHIPMENT_DISPATCHED",
                "PAYMENT_CAPTURED", "STOCK_COMMITTED", "COMPLETED");
        for (int i = 0; i < path.size(); i++) {
            UUID eventId = UUID.randomUUID();
            api.feed().publish(eventId, path.get(i));
            api.feed().publish(eventId, path.get(i));
            awaitStep(order, steps.get(i));
        }
        // A producer that publishes the same fact again under a new id: recorded, not applied.
        api.publish(events.authorized());
        api.publish(events.delivered());
        // Records of one key on one topic arrive in order: once these are in, the repeats before them are too.
        deliver(order, events.voided(), "PAYMENT_VOIDED");
        deliver(order, events.shipmentCancelled(), "SHIPMENT_CANCELLED");

        assertEnded(order, "DELIVERED", null);
        List<String> timeline = api.steps(order.id(), order.customer().token());
        assertThat(timeline).filteredOn(step -> step.startsWith("STOCK_RESERVED ")).hasSize(1);
        assertThat(timeline).filteredOn(step -> step.startsWith("PAYMENT_AUTHORIZED ")).containsExactly(
                "PAYMENT_AUTHORIZED payment-service true", "PAYMENT_AUTHORIZED payment-service false");
        assertThat(timeline).filteredOn(step -> step.startsWith("SHIPMENT_DELIVERED ")).containsExactly(
                "SHIPMENT_DELIVERED shipping-service true", "SHIPMENT_DELIVERED shipping-service false");
        assertThat(timeline).filteredOn(step -> step.startsWith("STOCK_COMMITTED ")).hasSize(1);
        assertThat(published(order, "order.OrderConfirmed.v1")).isOne();
        assertThat(published(order, "order.OrderCompleted.v1")).isOne();
    }

    @Test
    void compensationsDeliveredTwiceEndTheOrderOnce() {
        Placed declined = place();
        UUID decline = UUID.randomUUID();
        api.feed().publish(decline, declined.events().declined());
        api.feed().publish(decline, declined.events().declined());
        UUID release = UUID.randomUUID();
        api.feed().publish(release, declined.events().released(OrderEndReasons.PAYMENT_DECLINED));
        api.feed().publish(release, declined.events().released(OrderEndReasons.PAYMENT_DECLINED));
        Placed rejected = place();
        UUID shortage = UUID.randomUUID();
        api.feed().publish(shortage, rejected.events().reservationFailed());
        api.feed().publish(shortage, rejected.events().reservationFailed());
        // Sentinels behind the copies on the same topics and keys.
        deliver(declined, declined.events().voided(), "PAYMENT_VOIDED");
        deliver(declined, declined.events().committed(), "STOCK_COMMITTED");
        deliver(rejected, rejected.events().committed(), "STOCK_COMMITTED");

        assertEnded(declined, "CANCELLED", OrderEndReasons.PAYMENT_DECLINED);
        assertEnded(rejected, "REJECTED", OrderEndReasons.OUT_OF_STOCK);
        assertThat(published(declined, "order.OrderCancelled.v1")).isOne();
        assertThat(published(rejected, "order.OrderRejected.v1")).isOne();
        assertThat(count(declined, "PAYMENT_DECLINED")).isOne();
        assertThat(count(declined, "STOCK_RELEASED")).isOne();
        assertThat(count(rejected, "STOCK_RESERVATION_FAILED")).isOne();
    }

    @Test
    void stockLevelsArePassedOverWithoutTheInbox() {
        Placed order = place();
        // Keyed like the order's own events (the SKU is the order id), so it lands on their partition before them.
        UUID level = api.publish(new com.example.commerce.events.inventory.StockLevelChanged(order.id().toString(), 5, 1,
                java.time.Instant.now()));
        UUID reserved = api.publish(order.events().reserved());
        awaitStep(order, "STOCK_RESERVED");

        assertThat(inboxRows(reserved)).isOne();
        assertThat(inboxRows(level)).as("a stock level is not written to the inbox").isZero();
    }

    private int inboxRows(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM inbox_message WHERE consumer = 'order.inventory-events'"
                + " AND event_id = ?", Integer.class, eventId);
    }

    @Test
    void anEventOfAnUnknownOrderIsRetriedThenDeadLettered() {
        SagaEvents stranger = SagaEvents.of(UUID.randomUUID(), new Money(100, "EUR"));

        UUID eventId = api.publish(stranger.authorized());

        TopicRecords.awaitDeadLetterOf(Topics.PAYMENT_EVENTS, eventId, OrderApi.PATIENCE);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM orders WHERE id = ?", Integer.class, stranger.orderId()))
                .isZero();
        // The listener goes on after the dead letter.
        Placed order = place();
        deliver(order, order.events().authorized(), "CONFIRMED");
    }

    private Placed place() {
        OrderApi.Customer customer = api.customer();
        UUID id = api.placeOrder(customer);
        Money total = new Money(api.order(id, customer.token()).get("total").get("amountMinor").asLong(), "EUR");
        return new Placed(id, customer, SagaEvents.of(id, total));
    }

    private Placed confirmedOrder() {
        Placed order = place();
        deliver(order, order.events().reserved(), "STOCK_RESERVED");
        deliver(order, order.events().authorized(), "CONFIRMED");
        return order;
    }

    /** Publishes {@code event} and waits until the order's timeline shows {@code step} once more than before. */
    private void deliver(Placed order, IntegrationEvent event, String step) {
        long before = count(order, step);
        api.publish(event);
        await(step + " of " + order.id()).atMost(OrderApi.PATIENCE).until(() -> count(order, step) > before);
    }

    private void awaitStep(Placed order, String step) {
        await(step + " of " + order.id()).atMost(OrderApi.PATIENCE).until(() -> count(order, step) > 0);
    }

    private long count(Placed order, String step) {
        return api.steps(order.id(), order.customer().token()).stream().filter(s -> s.startsWith(step + " ")).count();
    }

    /** Cancels an order not yet CONFIRMED: CANCELLED at once. */
    private void cancel(Placed order) {
        var response = api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    }

    /** Cancels a CONFIRMED (or CANCELLING) order: a request, 202 with the order as it is then. */
    private JsonNode requestCancel(Placed order) {
        var response = api.post("/api/v1/orders/" + order.id() + "/cancel", order.customer().token());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
        return api.json(response);
    }

    /** The detail of the order's first timeline entry of {@code step}. */
    private String detailOf(Placed order, String step) {
        for (JsonNode entry : api.timeline(order.id(), order.customer().token()).get("entries")) {
            if (step.equals(entry.get("step").asString())) {
                return entry.get("detail").asString();
            }
        }
        throw new AssertionError("no " + step + " on the timeline of " + order.id());
    }

    /** Every type on order.events about the order, once its outbox is all sent. */
    private List<String> orderEventTypes(Placed order) {
        await("outbox of " + order.id() + " sent").atMost(OrderApi.PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND sent_at IS NULL", Integer.class,
                order.id().toString()) == 0);
        return api.orderEventTypes(order.id());
    }

    private String status(Placed order) {
        return api.status(order.id(), order.customer().token());
    }

    private void assertEnded(Placed order, String status, String reason) {
        JsonNode view = api.order(order.id(), order.customer().token());
        assertThat(view.get("status").asString()).as(order.id().toString()).isEqualTo(status);
        if (reason == null) {
            assertThat(view.get("reason").isNull()).isTrue();
        } else {
            assertThat(view.get("reason").asString()).isEqualTo(reason);
        }
    }

    private int published(Placed order, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, order.id().toString(), type);
    }

    private double counter(String name) {
        return meters.find(name).counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private double ended(String status) {
        return meters.find("commerce.orders.ended").tag("status", status).counters().stream()
                .mapToDouble(c -> c.count()).sum();
    }

    private long confirmations() {
        return meters.find("commerce.orders.confirmation").timers().stream().mapToLong(t -> t.count()).sum();
    }

}
