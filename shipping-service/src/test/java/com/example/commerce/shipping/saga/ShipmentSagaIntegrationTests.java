package com.example.commerce.shipping.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.events.shipping.ShipmentFailed;
import com.example.commerce.shipping.ShippingSagaTest;
import com.example.commerce.shipping.courier.http.HttpCourier;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.testing.Redeliveries;
import com.example.commerce.testing.TopicRecords;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/** OrderConfirmed and OrderCancelled through real order.events records, and the courier over real HTTP. */
class ShipmentSagaIntegrationTests extends ShippingSagaTest {

    private static final String CREATED = "shipping.ShipmentCreated.v1";
    private static final String DISPATCHED = "shipping.ShipmentDispatched.v1";
    private static final String DELIVERED = "shipping.ShipmentDelivered.v1";
    private static final String FAILED = "shipping.ShipmentFailed.v1";
    private static final String CANCELLED = "shipping.ShipmentCancelled.v1";

    @Autowired
    private HttpCourier httpCourier;

    @Test
    void aConfirmedOrderIsBookedDispatchedAndDeliveredThroughTheCouriersSignedCallbacks() {
        courier.behave("{\"autoAdvance\":true,\"dispatchAfterMs\":300,\"deliverAfterMs\":300}");
        UUID orderId = UUID.randomUUID();
        assertThat(courier.bookings(orderId)).isEmpty();

        orders.publish(confirmed(orderId));

        JsonNode shipment = awaitStatus(orderId, "DELIVERED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, DISPATCHED, DELIVERED);
        assertThat(shipment.get("courier").asString()).isEqualTo("sim-courier");
        assertThat(shipment.get("trackingNumber").asString()).startsWith("SIM");
        // The two callbacks may arrive in either order; a late DISPATCHED would follow, recorded as ignored.
        assertThat(shipment.get("history")).extracting(entry -> entry.get("status").asString())
                .startsWith("CREATED", "BOOKED", "DISPATCHED", "DELIVERED");
        List<JsonNode> bookings = courier.bookings(orderId);
        assertThat(bookings).hasSize(1);
        assertThat(bookings.getFirst().get("reference").asString()).isEqualTo(shipment.get("id").asString());
        assertThat(bookings.getFirst().get("idempotencyKey").asString()).isEqualTo(orderId + ":book");
        assertThat(bookings.getFirst().get("parcels").get(0).get("quantity").asInt()).isEqualTo(2);
        TopicRecords.awaitRecord(Topics.SHIPPING_EVENTS, record -> record.key().equals(orderId.toString())
                && DELIVERED.equals(TopicRecords.header(record, "ce_type")), PATIENCE);
    }

    @Test
    void aBookingRefusedForGoodFailsTheShipment() {
        UUID orderId = UUID.randomUUID();

        orders.publish(confirmed(orderId, UUID.randomUUID(), "00000"));

        JsonNode shipment = awaitStatus(orderId, "FAILED");
        assertThat(publishedFor(orderId)).containsExactly(FAILED);
        assertThat(shipment.get("history").get(1).get("description").asString()).contains("ADDRESS_NOT_SERVED");
        assertThat(courier.bookings(orderId)).isEmpty();
        var record = TopicRecords.awaitRecord(Topics.SHIPPING_EVENTS, r -> r.key().equals(orderId.toString()), PATIENCE);
        assertThat(json.readValue(record.value(), ShipmentFailed.class).reason()).isEqualTo("COURIER_REFUSED");
    }

    @Test
    void duringAnOutageTheBreakerOpensNothingIsBookedAndTheSweepBooksEachOnceAfterwards() {
        long bookingsBefore = courier.totalBookings();
        courier.behave("{\"outage\":true}");
        List<UUID> orderIds = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            UUID orderId = UUID.randomUUID();
            orderIds.add(orderId);
            orders.publish(confirmed(orderId));
        }

        await("breaker open").atMost(PATIENCE).until(() -> httpCourier.breakerState() == CircuitBreaker.State.OPEN);
        for (UUID orderId : orderIds) {
            assertThat(statusOf(orderId)).isEqualTo("CREATED");
            assertThat(publishedFor(orderId)).isEmpty();
        }
        assertThat(courier.totalBookings()).isEqualTo(bookingsBefore);

        courier.behave("{\"outage\":false}");

        for (UUID orderId : orderIds) {
            awaitStatus(orderId, "BOOKED");
        }
        for (UUID orderId : orderIds) {
            assertThat(courier.bookings(orderId)).hasSize(1);
            assertThat(publishedFor(orderId)).containsExactly(CREATED);
        }
        await().atMost(PATIENCE).until(() -> httpCourier.breakerState() == CircuitBreaker.State.CLOSED);
    }

    @Test
    void aShipmentTheCourierCannotBookWithinItsMaxAgeFails() {
        courier.behave("{\"outage\":true}");
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "CREATED");
        assertThat(publishedFor(orderId)).isEmpty();

        // Time passes: the shipment was confirmed longer ago than the max age (15 minutes).
        jdbc.update("UPDATE shipment SET created_at = created_at - interval '16 minutes' WHERE order_id = ?", orderId);

        awaitStatus(orderId, "FAILED");
        var record = TopicRecords.awaitRecord(Topics.SHIPPING_EVENTS, r -> r.key().equals(orderId.toString()), PATIENCE);
        assertThat(json.readValue(record.value(), ShipmentFailed.class).reason()).isEqualTo("COURIER_UNAVAILABLE");
        assertThat(publishedFor(orderId)).containsExactly(FAILED);
    }

    @Test
    void everyOrderEventTwiceMakesOneShipmentAndOneBooking() {
        UUID orderId = UUID.randomUUID();
        UUID first = UUID.randomUUID();
        UUID republished = UUID.randomUUID();
        orders.publish(first, confirmed(orderId));
        orders.publish(first, confirmed(orderId));
        orders.publish(republished, confirmed(orderId));
        awaitConsumed(first, republished);
        awaitStatus(orderId, "BOOKED");

        UUID cancel = UUID.randomUUID();
        orders.publish(cancel, cancelled(orderId));
        orders.publish(cancel, cancelled(orderId));
        awaitStatus(orderId, "CANCELLED");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM shipment WHERE order_id = ?", Integer.class, orderId))
                .isEqualTo(1);
        assertThat(courier.bookings(orderId)).hasSize(1);
        assertThat(courier.bookings(orderId).getFirst().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, CANCELLED);
        assertThat(shipmentOf(orderId).get("history")).extracting(entry -> entry.get("status").asString())
                .containsOnlyOnce("CONFIRMATION_REPEATED", "CANCELLED");
    }

    @Test
    void anOrderCancelledBeforeItsConfirmationBooksAndPublishesNothing() {
        UUID orderId = UUID.randomUUID();
        UUID cancel = orders.publish(cancelled(orderId));
        awaitConsumed(cancel);
        UUID confirm = orders.publish(confirmed(orderId));
        awaitConsumed(confirm);

        assertThat(shipmentOf(orderId)).isNull();
        assertThat(publishedFor(orderId)).isEmpty();
        assertThat(courier.bookings(orderId)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT confirmation_ignored_at IS NOT NULL FROM cancelled_order "
                + "WHERE order_id = ?", Boolean.class, orderId)).isTrue();
    }

    @Test
    void anOrderCancelledAfterBookingCancelsTheBookingAtTheCourier() {
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "BOOKED");

        orders.publish(cancelled(orderId));

        JsonNode shipment = awaitStatus(orderId, "CANCELLED");
        assertThat(courier.bookings(orderId).getFirst().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, CANCELLED);
        assertThat(shipment.get("history")).extracting(entry -> entry.get("status").asString())
                .containsExactly("CREATED", "BOOKED", "CANCEL_REQUESTED", "CANCELLED");
    }

    @Test
    void aCancellationRequestAfterTheDispatchCallbackChangesNothingButIsRecorded() {
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "BOOKED");
        assertThat(courier.advance(courier.bookings(orderId).getFirst().get("bookingId").asString(), "DISPATCHED"))
                .isEqualTo(200);
        awaitStatus(orderId, "DISPATCHED");

        // The order learnt of the dispatch from our ShipmentDispatched; its cancel is refused there.
        UUID cancel = orders.publish(cancellationRequested(orderId));
        awaitConsumed(cancel);

        JsonNode shipment = shipmentOf(orderId);
        assertThat(shipment.get("status").asString()).isEqualTo("DISPATCHED");
        assertThat(shipment.get("history")).extracting(entry -> entry.get("status").asString())
                .containsExactly("CREATED", "BOOKED", "DISPATCHED", "CANCEL_IGNORED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, DISPATCHED);
        assertThat(courier.bookings(orderId).getFirst().get("status").asString()).isEqualTo("DISPATCHED");
    }

    @Test
    void aDispatchAfterTheCancelIsRefusedByTheCourierAndALateCallbackIsIgnored() {
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        JsonNode booked = awaitStatus(orderId, "BOOKED");
        orders.publish(cancelled(orderId));
        awaitStatus(orderId, "CANCELLED");

        String bookingId = courier.bookings(orderId).getFirst().get("bookingId").asString();
        assertThat(courier.advance(bookingId, "DISPATCHED")).isEqualTo(409);
        assertThat(callback(callbackBody(UUID.randomUUID().toString(), booked, "DISPATCHED")).statusCode())
                .isEqualTo(200);

        JsonNode shipment = shipmentOf(orderId);
        assertThat(shipment.get("status").asString()).isEqualTo("CANCELLED");
        assertThat(shipment.get("history")).extracting(entry -> entry.get("status").asString())
                .endsWith("CANCELLED", "DISPATCHED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, CANCELLED);
    }

    @Test
    void aConfirmationAndItsCancelInOnePollEndCancelledWithoutABooking() {
        UUID orderId = UUID.randomUUID();
        UUID confirm = UUID.randomUUID();
        UUID cancel = UUID.randomUUID();
        orders.publishAll(List.of(new Redeliveries.Delivery<>(confirm, confirmed(orderId), 1),
                new Redeliveries.Delivery<>(cancel, cancelled(orderId), 1)));
        awaitConsumed(confirm, cancel);

        JsonNode shipment = awaitStatus(orderId, "CANCELLED");
        assertThat(shipment).isNotNull();
        assertThat(publishedFor(orderId)).last().isEqualTo(CANCELLED);
        assertThat(publishedFor(orderId)).doesNotContain(FAILED);
        // Booked and cancelled, or never booked: never a live booking.
        assertThat(courier.bookings(orderId)).allSatisfy(b -> assertThat(b.get("status").asString())
                .isEqualTo("CANCELLED"));
    }

    @Test
    void manyOrdersEachConfirmedTwiceInShuffledOrderGetOneShipmentAndOneBookingEach() {
        long seed = Redeliveries.seed();
        String replay = Redeliveries.replayHint(seed);
        List<OrderConfirmed> stream = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            stream.add(confirmed(UUID.randomUUID()));
        }
        List<Redeliveries.Delivery<OrderConfirmed>> deliveries = Redeliveries.shuffled(stream,
                OrderConfirmed::aggregateId, 2, new Random(seed));

        orders.publishAll(deliveries);

        for (OrderConfirmed order : stream) {
            awaitStatus(order.orderId(), "BOOKED");
        }
        awaitConsumed(deliveries.stream().map(Redeliveries.Delivery::eventId).distinct().toArray(UUID[]::new));
        for (OrderConfirmed order : stream) {
            assertThat(courier.bookings(order.orderId())).as(replay).hasSize(1);
            assertThat(publishedFor(order.orderId())).as(replay).containsExactly(CREATED);
            assertThat(jdbc.queryForObject("SELECT count(*) FROM shipment WHERE order_id = ?", Integer.class,
                    order.orderId())).as(replay).isEqualTo(1);
        }
    }

    @Test
    void aBookingWhoseAnswersAreLostIsBookedOnceWhenTheCourierAnswersAgain() {
        // Each call takes longer than the adapter's timeout: the courier books, the answer never arrives.
        courier.behave("{\"latencyMs\":3500}");
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));

        await("the courier booked without our hearing of it").atMost(PATIENCE)
                .until(() -> courier.bookings(orderId).size() == 1);
        assertThat(statusOf(orderId)).isEqualTo("CREATED");
        assertThat(publishedFor(orderId)).isEmpty();

        courier.behave("{\"latencyMs\":0}");

        awaitStatus(orderId, "BOOKED");
        List<JsonNode> bookings = courier.bookings(orderId);
        assertThat(bookings).hasSize(1);
        assertThat(shipmentOf(orderId).get("trackingNumber").asString())
                .isEqualTo(bookings.getFirst().get("trackingNumber").asString());
        assertThat(publishedFor(orderId)).containsExactly(CREATED);
    }

    @Test
    void aBookingRowLeftByACrashBeforeTheCallIsBookedByTheWorkers() {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        // What the inbox's transaction committed before the process died: the shipment and its booking row, no call
        // made and no worker woken.
        jdbc.update("""
                INSERT INTO shipment (id, order_id, customer_id, status, address_json, parcels_json, booking_key,
                                      booking_attempts, courier_work, book_requests, created_at, updated_at, version)
                VALUES (?, ?, ?, 'CREATED', ?, '[{"sku":"SKU-MUG","quantity":1}]', ?, 0, 'BOOK', 1, now(), now(), 0)""",
                shipmentId, orderId, UUID.randomUUID(),
                "{\"line1\":\"1 Main Street\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}",
                orderId + ":book");
        jdbc.update("""
                INSERT INTO work_item (kind, work_key, payload, status, due_at, max_attempts, created_at, updated_at)
                VALUES ('shipping.courier', ?, ?, 'DUE', now(), 1000, now(), now())""",
                shipmentId + ":BOOK:1", "{\"shipmentId\":\"" + shipmentId + "\",\"work\":\"BOOK\"}");

        awaitStatus(orderId, "BOOKED");

        assertThat(courier.bookings(orderId)).hasSize(1);
        assertThat(courier.bookings(orderId).getFirst().get("reference").asString()).isEqualTo(shipmentId.toString());
        assertThat(publishedFor(orderId)).containsExactly(CREATED);
    }

    @Test
    void aBookingMadeWithoutAnAnswerBeforeTheShipmentFailedIsCancelledAtTheCourier() {
        courier.behave("{\"latencyMs\":3500}");
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        await("the courier booked without our hearing of it").atMost(PATIENCE)
                .until(() -> courier.bookings(orderId).size() == 1);
        assertThat(courier.bookings(orderId).getFirst().get("status").asString()).isEqualTo("BOOKED");

        jdbc.update("UPDATE shipment SET created_at = created_at - interval '16 minutes' WHERE order_id = ?", orderId);
        awaitStatus(orderId, "FAILED");
        courier.behave("{\"latencyMs\":0}");

        await("the orphaned booking cancelled").atMost(PATIENCE)
                .until(() -> "CANCELLED".equals(courier.bookings(orderId).getFirst().get("status").asString()));
        assertThat(courier.bookings(orderId)).hasSize(1);
        await().atMost(PATIENCE).until(() -> shipmentOf(orderId).get("history").toString().contains("RELEASED"));
        assertThat(publishedFor(orderId)).containsExactly(FAILED);
    }

    @Test
    void aShipmentWhoseCallbacksAreLostIsMovedOnByAskingTheCourier() {
        courier.behave("{\"callbacks\":false}");
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "BOOKED");
        String bookingId = courier.bookings(orderId).getFirst().get("bookingId").asString();

        assertThat(courier.advance(bookingId, "DISPATCHED")).isEqualTo(200);
        assertThat(statusOf(orderId)).isEqualTo("BOOKED");
        assertThat(courier.advance(bookingId, "DELIVERED")).isEqualTo(200);

        awaitStatus(orderId, "DELIVERED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, DISPATCHED, DELIVERED);
    }
}
