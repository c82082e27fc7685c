package com.example.commerce.shipping.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.events.shipping.ShipmentFailed;
import com.example.commerce.shipping.CourierGate;
import com.example.commerce.shipping.ShippingSagaTest;
import com.example.commerce.starter.work.WorkStatus;
import com.example.commerce.testing.TopicRecords;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The cancellation request (OrderCancellationRequested) against the courier over real HTTP, one open step of
 * courier work at a time, and the transit bound. The courier's calls are counted at {@link CourierGate}, which
 * also holds a call at the door while the test makes something happen beside it.
 */
class ShipmentCancellationIntegrationTests extends ShippingSagaTest {

    private static final String CREATED = "shipping.ShipmentCreated.v1";
    private static final String DISPATCHED = "shipping.ShipmentDispatched.v1";
    private static final String FAILED = "shipping.ShipmentFailed.v1";
    private static final String CANCELLED = "shipping.ShipmentCancelled.v1";

    @Test
    void aCancellationRequestBeforeAnyBookingAttemptCancelsAtOnceAndTheBookingRowAsksNothing() {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        // A shipment whose booking row is enqueued but was never taken up (no worker has reached it yet).
        jdbc.update("""
                INSERT INTO shipment (id, order_id, customer_id, status, address_json, parcels_json, booking_key,
                                      booking_attempts, courier_work, book_requests, created_at, updated_at, version)
                VALUES (?, ?, ?, 'CREATED', ?, '[{"sku":"SKU-MUG","quantity":1}]', ?, 0, 'BOOK', 1, now(), now(), 0)""",
                shipmentId, orderId, UUID.randomUUID(),
                "{\"line1\":\"1 Main Street\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}",
                orderId + ":book");
        jdbc.update("""
                INSERT INTO work_item (kind, work_key, payload, status, due_at, max_attempts, created_at, updated_at)
                VALUES ('shipping.courier', ?, ?, 'DUE', now() + interval '1 hour', 1000, now(), now())""",
                shipmentId + ":BOOK:1", "{\"shipmentId\":\"" + shipmentId + "\",\"work\":\"BOOK\"}");

        UUID request = orders.publish(cancellationRequested(orderId));
        awaitConsumed(request);

        assertThat(statusOf(orderId)).isEqualTo("CANCELLED");
        assertThat(publishedFor(orderId)).containsExactly(CANCELLED);

        clock.advance(Duration.ofHours(2)); // the booking row comes due
        await("the booking row run").atMost(PATIENCE)
                .until(() -> courierWork(orderId, "BOOK").orElseThrow().status() == WorkStatus.DONE);
        assertThat(courierWork(orderId, "BOOK").orElseThrow().outcome()).isEqualTo("BOOK: nothing to ask the courier");
        assertThat(gate.bookingCalls(orderId + ":book")).isZero();
        assertThat(courier.bookings(orderId)).isEmpty();
        assertThat(publishedFor(orderId)).containsExactly(CANCELLED);
    }

    @Test
    void aCancellationRequestDuringABookingCallWaitsForItsAnswerThenCancelsOnce() {
        UUID orderId = UUID.randomUUID();
        String key = orderId + ":book";
        CourierGate.Hold booking = gate.holdNextBooking(key);
        orders.publish(confirmed(orderId));
        booking.awaitArrived(PATIENCE);

        UUID request = orders.publish(cancellationRequested(orderId));
        awaitConsumed(request);
        // The booking step is open: the cancel is recorded, not enqueued, and nothing else reaches the courier.
        await("nothing beside the booking call").during(Duration.ofMillis(800)).atMost(PATIENCE).until(() ->
                gate.bookingCalls(key) == 0 && courierWork(orderId, "CANCEL").isEmpty());
        assertThat(statusOf(orderId)).isEqualTo("CREATED");
        assertThat(statuses(shipmentOf(orderId))).containsExactly("CREATED", "CANCEL_REQUESTED");
        booking.release();

        awaitStatus(orderId, "CANCELLED");
        List<JsonNode> bookings = courier.bookings(orderId);
        assertThat(bookings).hasSize(1);
        assertThat(bookings.getFirst().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(gate.bookingCalls(key)).as("one booking call").isOne();
        assertThat(gate.cancelCalls(bookings.getFirst().get("bookingId").asString())).as("one cancel call").isOne();
        assertThat(publishedFor(orderId)).containsExactly(CREATED, CANCELLED);
        assertThat(courierWork(orderId, "CANCEL")).as("enqueued with the booking's answer").isPresent();
    }

    @Test
    void aCancellationRequestAfterTheCourierPickedUpWithItsCallbacksLostPublishesTheDispatchAtOnce() {
        courier.behave("{\"callbacks\":false}");
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "BOOKED");
        String bookingId = courier.bookings(orderId).getFirst().get("bookingId").asString();
        assertThat(courier.advance(bookingId, "DISPATCHED")).isEqualTo(200);
        assertThat(statusOf(orderId)).as("the callback is lost").isEqualTo("BOOKED");

        orders.publish(cancellationRequested(orderId));

        JsonNode shipment = awaitStatus(orderId, "DISPATCHED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, DISPATCHED);
        assertThat(courier.bookings(orderId).getFirst().get("status").asString()).isEqualTo("DISPATCHED");
        assertThat(gate.cancelCalls(bookingId)).isOne();
        Map<String, String> at = new LinkedHashMap<>();
        shipment.get("history").forEach(entry -> at.putIfAbsent(entry.get("status").asString(),
                entry.get("at").asString()));
        assertThat(at.keySet()).containsExactly("CREATED", "BOOKED", "CANCEL_REQUESTED", "CANCEL_REFUSED",
                "DISPATCHED");
        assertThat(at.get("DISPATCHED")).as("dispatched on the courier's refusal, not by a later look-up")
                .isEqualTo(at.get("CANCEL_REFUSED"));
        TopicRecords.awaitRecord(Topics.SHIPPING_EVENTS, record -> record.key().equals(orderId.toString())
                && DISPATCHED.equals(TopicRecords.header(record, "ce_type")), PATIENCE);
    }

    @Test
    void aRepeatedCancellationRequestIsTheSameRequest() {
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "BOOKED");
        String bookingId = courier.bookings(orderId).getFirst().get("bookingId").asString();

        UUID request = UUID.randomUUID();
        orders.publish(request, cancellationRequested(orderId));
        orders.publish(request, cancellationRequested(orderId));
        UUID askedAgain = orders.publish(cancellationRequested(orderId));
        awaitConsumed(request, askedAgain);
        awaitStatus(orderId, "CANCELLED");
        UUID askedAfterTheAnswer = orders.publish(cancellationRequested(orderId));
        UUID orderCancelled = orders.publish(cancelled(orderId));
        awaitConsumed(askedAfterTheAnswer, orderCancelled);

        assertThat(gate.cancelCalls(bookingId)).isOne();
        assertThat(gate.bookingCalls(orderId + ":book")).isOne();
        assertThat(publishedFor(orderId)).containsExactly(CREATED, CANCELLED);
        List<String> history = statuses(shipmentOf(orderId));
        assertThat(history).containsOnlyOnce("CANCEL_REQUESTED", "CANCELLED");
        assertThat(history).endsWith("CANCEL_IGNORED", "CANCEL_IGNORED");
        assertThat(statusOf(orderId)).isEqualTo("CANCELLED");
    }

    @Test
    void aCancellationRequestedBeforeTheConfirmationIsAnsweredAndTheConfirmationBooksNothing() {
        UUID orderId = UUID.randomUUID();
        UUID request = orders.publish(cancellationRequested(orderId));
        awaitConsumed(request);
        UUID confirm = orders.publish(confirmed(orderId));
        awaitConsumed(confirm);

        assertThat(statusOf(orderId)).isEqualTo("CANCELLED");
        assertThat(publishedFor(orderId)).containsExactly(CANCELLED);
        assertThat(gate.bookingCalls(orderId + ":book")).isZero();
        assertThat(statuses(shipmentOf(orderId))).containsExactly("CANCELLED", "CONFIRMATION_REPEATED");
    }

    @Test
    void aCancelWhoseWorkGaveUpIsAskedAnewWhenTheOrderAsksAgain() {
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "BOOKED");
        String bookingId = courier.bookings(orderId).getFirst().get("bookingId").asString();
        courier.behave("{\"outage\":true}");
        UUID request = orders.publish(cancellationRequested(orderId));
        awaitConsumed(request);
        await("the cancel retried").atMost(PATIENCE)
                .until(() -> courierWork(orderId, "CANCEL").orElseThrow().attempts() >= 2);
        // It runs out of attempts without an answer: the workers leave it FAILED (here at once, between attempts).
        UUID shipmentId = jdbc.queryForObject("SELECT id FROM shipment WHERE order_id = ?", UUID.class, orderId);
        await("the cancel row given up").atMost(PATIENCE).until(() -> jdbc.update("""
                UPDATE work_item SET status = 'FAILED', outcome = 'cancel unanswered', finished_at = now()
                WHERE kind = 'shipping.courier' AND work_key = ? AND status = 'DUE'""",
                shipmentId + ":CANCEL:1") == 1);
        courier.behave("{\"outage\":false}");
        await("nothing asks again by itself").during(Duration.ofMillis(800)).atMost(PATIENCE)
                .until(() -> "BOOKED".equals(statusOf(orderId))
                        && work.find("shipping.courier", shipmentId + ":CANCEL:2").isEmpty());

        UUID askedAgain = orders.publish(cancellationRequested(orderId));
        awaitConsumed(askedAgain);

        awaitStatus(orderId, "CANCELLED");
        assertThat(work.find("shipping.courier", shipmentId + ":CANCEL:2").orElseThrow().status())
                .isEqualTo(WorkStatus.DONE);
        assertThat(courier.bookings(orderId).getFirst().get("status").asString()).isEqualTo("CANCELLED");
        assertThat(courier.bookings(orderId).getFirst().get("bookingId").asString()).isEqualTo(bookingId);
        assertThat(publishedFor(orderId)).containsExactly(CREATED, CANCELLED);
        assertThat(statuses(shipmentOf(orderId))).containsSubsequence("CANCEL_REQUESTED", "COURIER_WORK_FAILED",
                "CANCEL_REPEATED", "CANCELLED");
    }

    @Test
    void aParcelStillInTransitPastTheTransitBoundIsLost() {
        UUID orderId = UUID.randomUUID();
        orders.publish(confirmed(orderId));
        awaitStatus(orderId, "BOOKED");
        String bookingId = courier.bookings(orderId).getFirst().get("bookingId").asString();
        assertThat(courier.advance(bookingId, "DISPATCHED")).isEqualTo(200);
        awaitStatus(orderId, "DISPATCHED");
        // Within the bound the courier is asked (track-after is 2 s here) and nothing changes.
        Instant dispatched = Instant.now();
        await("the courier asked where the parcel is").atMost(PATIENCE).until(() -> jdbc.queryForObject(
                "SELECT tracked_at IS NOT NULL FROM shipment WHERE order_id = ?", Boolean.class, orderId));
        assertThat(statusOf(orderId)).isEqualTo("DISPATCHED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, DISPATCHED);

        clock.advance(Duration.between(dispatched, Instant.now()).plus(Duration.ofDays(10)).plusMinutes(1));

        awaitStatus(orderId, "FAILED");
        assertThat(publishedFor(orderId)).containsExactly(CREATED, DISPATCHED, FAILED);
        var record = TopicRecords.awaitRecord(Topics.SHIPPING_EVENTS, r -> r.key().equals(orderId.toString())
                && FAILED.equals(TopicRecords.header(r, "ce_type")), PATIENCE);
        assertThat(json.readValue(record.value(), ShipmentFailed.class).reason()).isEqualTo("LOST_IN_TRANSIT");
        assertThat(courier.bookings(orderId).getFirst().get("status").asString()).as("the courier never said more")
                .isEqualTo("DISPATCHED");
    }

}
