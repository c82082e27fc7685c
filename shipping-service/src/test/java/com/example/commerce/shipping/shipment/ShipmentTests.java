package com.example.commerce.shipping.shipment;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The shipment's state machine on its own: every arrival order of what can race. */
class ShipmentTests {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    private static final Duration MAX_AGE = Duration.ofMinutes(15);
    private static final String ADDRESS = "{\"line1\":\"1 Main\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";

    private static Shipment created() {
        Shipment shipment = Shipment.create(UUID.randomUUID(), UUID.randomUUID(), ADDRESS, "[]", T0);
        shipment.takeEvents();
        shipment.takeHistory();
        shipment.takeWorkRequests();
        return shipment;
    }

    private static Shipment booked() {
        Shipment shipment = created();
        assertThat(shipment.takeUp(Shipment.Work.BOOK, T0)).isTrue();
        shipment.booked("sim-courier", "b-1", "SIM1", T0);
        shipment.stepAnswered(Shipment.Work.BOOK, T0);
        shipment.takeEvents();
        shipment.takeHistory();
        shipment.takeWorkRequests();
        return shipment;
    }

    private static List<String> keys(Shipment shipment) {
        return shipment.takeWorkRequests().stream().map(request -> request.work() + ":" + request.n()).toList();
    }

    private static List<Class<?>> types(List<IntegrationEvent> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void aShipmentWithoutAnAddressFailsAtOnce() {
        Shipment shipment = Shipment.create(UUID.randomUUID(), UUID.randomUUID(), null, "[]", T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.FAILED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentFailed.class);
        assertThat(shipment.takeWorkRequests()).isEmpty();
        assertThat(shipment.courierWork()).isNull();
    }

    @Test
    void aNewShipmentAsksForItsBookingAsTheFirstRequestOfThatStep() {
        Shipment shipment = Shipment.create(UUID.randomUUID(), UUID.randomUUID(), ADDRESS, "[]", T0);

        assertThat(shipment.takeWorkRequests()).singleElement().satisfies(request -> {
            assertThat(request.key()).isEqualTo(shipment.id() + ":BOOK:1");
            assertThat(shipment.courierWorkKey()).isEqualTo(request.key());
        });
        assertThat(shipment.courierWork()).isEqualTo(Shipment.Work.BOOK);
    }

    @Test
    void aBookedShipmentPublishesShipmentCreatedOnceAndAsksForNoMoreWork() {
        Shipment shipment = created();
        shipment.takeUp(Shipment.Work.BOOK, T0);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);
        shipment.stepAnswered(Shipment.Work.BOOK, T0);

        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCreated.class);
        assertThat(shipment.courierWork()).isNull();
        assertThat(shipment.takeWorkRequests()).isEmpty();
        assertThat(shipment.takeUp(Shipment.Work.BOOK, T0.plusSeconds(120))).as("a booking row run again").isFalse();
    }

    @Test
    void aDeliveryBeforeTheDispatchImpliesItAndTheLateDispatchIsIgnored() {
        Shipment shipment = booked();

        shipment.courierReported(ShipmentStatus.DELIVERED, "sim-courier", "b-1", "SIM1", null, T0, T0);
        shipment.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, T0, T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentDispatched.class, ShipmentDelivered.class);
        assertThat(shipment.takeHistory()).extracting(TrackingEvent::applied).containsExactly(true, true, false);
    }

    @Test
    void aCallbackBeforeTheBookingAnswerImpliesTheBooking() {
        Shipment shipment = created();
        shipment.takeUp(Shipment.Work.BOOK, T0);

        shipment.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, T0, T0);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);

        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCreated.class, ShipmentDispatched.class);
        assertThat(shipment.trackingNumber()).isEqualTo("SIM1");
    }

    @Test
    void aCancelBeforeAnyBookingCancelsAtOnce() {
        Shipment shipment = created();

        shipment.orderCancelled("CUSTOMER_REQUEST", T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCancelled.class);
        assertThat(shipment.takeWorkRequests()).isEmpty();
        assertThat(shipment.takeUp(Shipment.Work.BOOK, T0)).as("the booking row, when it runs, asks nothing").isFalse();
        assertThat(shipment.courierWork()).isNull();
        assertThat(shipment.takeWorkRequests()).isEmpty();
    }

    @Test
    void aCancelOfABookedShipmentWaitsForTheCourier() {
        Shipment shipment = booked();

        shipment.orderCancelled("CUSTOMER_REQUEST", T0);
        assertThat(shipment.takeEvents()).isEmpty();
        assertThat(keys(shipment)).containsExactly("CANCEL:1");
        assertThat(shipment.takeUp(Shipment.Work.CANCEL, T0)).isTrue();
        shipment.courierCancelled(T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCancelled.class);
    }

    @Test
    void aDispatchOvertakingACancelWinsAndTheCourierCancelChangesNothing() {
        Shipment shipment = booked();
        shipment.orderCancelled("CUSTOMER_REQUEST", T0);
        shipment.takeUp(Shipment.Work.CANCEL, T0);

        shipment.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, T0, T0);
        shipment.courierCancelTooLate(null, null, T0, T0);
        shipment.courierCancelled(T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DISPATCHED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentDispatched.class);
        assertThat(shipment.courierWork()).isNull();
    }

    @Test
    void aCancelAfterDispatchIsRecordedAndChangesNothing() {
        Shipment shipment = booked();
        shipment.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, T0, T0);
        shipment.takeEvents();

        shipment.orderCancelled("CUSTOMER_REQUEST", T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DISPATCHED);
        assertThat(shipment.takeEvents()).isEmpty();
        assertThat(shipment.takeHistory()).extracting(TrackingEvent::status).endsWith("CANCEL_IGNORED");
    }

    @Test
    void anUnansweredBookingIsDueAgainUntilTheMaxAgeThenFailsAndReleasesWhatMayHaveBeenBooked() {
        Shipment shipment = created();
        shipment.takeUp(Shipment.Work.BOOK, T0);

        assertThat(shipment.bookingUnanswered("timeout", T0.plusSeconds(1), MAX_AGE, false)).isTrue();
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CREATED);
        assertThat(shipment.takeWorkRequests()).as("the same row is due again").isEmpty();
        assertThat(shipment.takeUp(Shipment.Work.BOOK, T0.plusSeconds(3))).isTrue();

        assertThat(shipment.bookingUnanswered("timeout", T0.plus(Duration.ofMinutes(16)), MAX_AGE, false)).isFalse();

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.FAILED);
        assertThat(shipment.takeEvents()).singleElement().isInstanceOfSatisfying(ShipmentFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo("COURIER_UNAVAILABLE"));
        assertThat(keys(shipment)).containsExactly("RELEASE:1");
        assertThat(shipment.takeUp(Shipment.Work.RELEASE, T0.plus(Duration.ofMinutes(16)))).isTrue();
        shipment.released("nothing booked", T0.plus(Duration.ofMinutes(16)));
        assertThat(shipment.courierWork()).isNull();
        assertThat(shipment.takeWorkRequests()).isEmpty();
    }

    @Test
    void aBookingsLastAttemptWithoutAnAnswerFailsItLikeTheMaxAge() {
        Shipment shipment = created();
        shipment.takeUp(Shipment.Work.BOOK, T0);

        assertThat(shipment.bookingUnanswered("timeout", T0.plusSeconds(1), MAX_AGE, true)).isFalse();

        assertThat(shipment.failureReason()).isEqualTo("COURIER_UNAVAILABLE");
        assertThat(keys(shipment)).containsExactly("RELEASE:1");
    }

    @Test
    void aRefusalFailsTheShipmentButARefusalOfACancelledOneCancelsIt() {
        Shipment refused = created();
        refused.takeUp(Shipment.Work.BOOK, T0);
        refused.refused("ADDRESS_NOT_SERVED", "no", T0);
        refused.stepAnswered(Shipment.Work.BOOK, T0);
        assertThat(types(refused.takeEvents())).containsExactly(ShipmentFailed.class);
        assertThat(refused.takeWorkRequests()).as("a refusal leaves nothing to release").isEmpty();

        Shipment cancelled = created();
        cancelled.takeUp(Shipment.Work.BOOK, T0);
        cancelled.orderCancelled("CUSTOMER_REQUEST", T0);
        cancelled.refused("ADDRESS_NOT_SERVED", "no", T0);
        cancelled.stepAnswered(Shipment.Work.BOOK, T0);
        assertThat(cancelled.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(cancelled.takeEvents())).containsExactly(ShipmentCancelled.class);
        assertThat(cancelled.takeWorkRequests()).isEmpty();
    }

    // --- the cancellation request (OrderCancellationRequested) ------------------------------------------------

    @Test
    void aCancellationRequestWhileABookingIsInFlightIsAskedForOnlyOnceTheBookingIsAnswered() {
        Shipment shipment = created();
        assertThat(shipment.takeUp(Shipment.Work.BOOK, T0)).isTrue();

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0.plusSeconds(1));
        assertThat(shipment.takeWorkRequests()).as("the booking call is in flight: no cancel row yet").isEmpty();
        assertThat(shipment.courierWork()).isEqualTo(Shipment.Work.BOOK);
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CREATED);

        shipment.booked("sim-courier", "b-1", "SIM1", T0.plusSeconds(2));
        shipment.stepAnswered(Shipment.Work.BOOK, T0.plusSeconds(2));
        assertThat(keys(shipment)).as("asked in the booking answer's change").containsExactly("CANCEL:1");
        assertThat(shipment.takeUp(Shipment.Work.CANCEL, T0.plusSeconds(2))).isTrue();
        assertThat(shipment.bookingId()).isEqualTo("b-1");
        shipment.courierCancelled(T0.plusSeconds(3));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCreated.class, ShipmentCancelled.class);
        assertThat(shipment.courierWork()).isNull();
        assertThat(shipment.takeWorkRequests()).isEmpty();
    }

    @Test
    void aCancellationRequestWhileABookingWaitsToBeAskedAgainTakesOverFromIt() {
        Shipment shipment = created();
        shipment.takeUp(Shipment.Work.BOOK, T0);
        assertThat(shipment.bookingUnanswered("timeout", T0.plusSeconds(1), MAX_AGE, false)).isTrue();

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0.plusSeconds(2));
        assertThat(shipment.takeWorkRequests()).isEmpty();

        assertThat(shipment.takeUp(Shipment.Work.BOOK, T0.plusSeconds(3))).as("the booking row asks nothing").isFalse();
        assertThat(keys(shipment)).containsExactly("CANCEL:1");
        assertThat(shipment.takeUp(Shipment.Work.CANCEL, T0.plusSeconds(3))).isTrue();
        assertThat(shipment.cancelStillApplies(T0.plusSeconds(3))).isTrue();
        shipment.booked("sim-courier", "b-1", "SIM1", T0.plusSeconds(3));
        shipment.courierCancelled(T0.plusSeconds(4));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCreated.class, ShipmentCancelled.class);
    }

    @Test
    void aCancelTheCourierRefusesAsTooLateDispatchesAtOnceOnItsWord() {
        Shipment shipment = booked();
        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);
        assertThat(shipment.takeUp(Shipment.Work.CANCEL, T0)).isTrue();

        shipment.courierCancelTooLate(null, null, T0.plusSeconds(1), T0.plusSeconds(1));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DISPATCHED);
        assertThat(shipment.dispatchedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentDispatched.class);
        assertThat(shipment.takeHistory()).extracting(TrackingEvent::status)
                .containsExactly("CANCEL_REQUESTED", "CANCEL_REFUSED", "DISPATCHED");
        assertThat(shipment.courierWork()).as("no cancel left to do").isNull();
        assertThat(keys(shipment)).containsExactly("CANCEL:1");
    }

    @Test
    void aCancelRefusedWhileTheCourierTrackingSaysDeliveredAppliesTheDelivery() {
        Shipment shipment = booked();
        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);
        shipment.takeUp(Shipment.Work.CANCEL, T0);

        shipment.courierCancelTooLate(ShipmentStatus.DELIVERED, "SIM1", T0, T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentDispatched.class, ShipmentDelivered.class);
    }

    @Test
    void aRepeatedCancellationRequestIsTheSameRequest() {
        Shipment shipment = booked();

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);
        shipment.cancellationRequested("TIMED_OUT", T0.plusSeconds(1));
        assertThat(shipment.takeUp(Shipment.Work.CANCEL, T0.plusSeconds(1))).isTrue();
        shipment.cancellationRequested("TIMED_OUT", T0.plusSeconds(2));
        shipment.courierCancelled(T0.plusSeconds(3));
        shipment.cancellationRequested("TIMED_OUT", T0.plusSeconds(4));

        assertThat(keys(shipment)).as("one cancel row").containsExactly("CANCEL:1");
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCancelled.class);
        assertThat(shipment.takeHistory()).extracting(TrackingEvent::status).containsExactly("CANCEL_REQUESTED",
                "CANCEL_REPEATED", "CANCEL_REPEATED", "CANCELLED", "CANCEL_IGNORED");
    }

    @Test
    void aCancelWhoseWorkGaveUpIsAskedAnewAsTheNextRequestOfThatStep() {
        Shipment shipment = booked();
        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);
        assertThat(keys(shipment)).containsExactly("CANCEL:1");
        shipment.takeUp(Shipment.Work.CANCEL, T0);
        assertThat(shipment.cancelUnanswered(T0.plusSeconds(1))).isTrue();

        // The row ran out of attempts; the order asks again.
        shipment.courierWorkLost(T0.plusSeconds(60));
        shipment.cancellationRequested("TIMED_OUT", T0.plusSeconds(60));

        assertThat(keys(shipment)).containsExactly("CANCEL:2");
        assertThat(shipment.courierWorkKey()).isEqualTo(shipment.id() + ":CANCEL:2");
        assertThat(shipment.takeHistory()).extracting(TrackingEvent::status)
                .containsExactly("CANCEL_REQUESTED", "COURIER_WORK_FAILED", "CANCEL_REPEATED");
    }

    @Test
    void aCancellationRequestBeforeAnyBookingCancelsAtOnce() {
        Shipment shipment = created();

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.takeEvents()).singleElement().isInstanceOfSatisfying(ShipmentCancelled.class,
                cancelled -> assertThat(cancelled.reason()).isEqualTo("CUSTOMER_REQUEST"));
        assertThat(shipment.takeWorkRequests()).isEmpty();
    }

    @Test
    void aCancellationRequestAfterTheDispatchOrAnEndIsRecordedAndChangesNothing() {
        Shipment dispatched = booked();
        dispatched.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, T0, T0);
        dispatched.takeEvents();
        dispatched.takeHistory();
        dispatched.cancellationRequested("CUSTOMER_REQUEST", T0);
        assertThat(dispatched.status()).isEqualTo(ShipmentStatus.DISPATCHED);
        assertThat(dispatched.takeEvents()).isEmpty();
        assertThat(dispatched.takeHistory()).extracting(TrackingEvent::status).containsExactly("CANCEL_IGNORED");

        Shipment cancelled = created();
        cancelled.cancellationRequested("CUSTOMER_REQUEST", T0);
        cancelled.takeEvents();
        cancelled.orderCancelled("CUSTOMER_REQUEST", T0);
        assertThat(cancelled.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(cancelled.takeEvents()).as("OrderCancelled after ShipmentCancelled").isEmpty();
    }

    @Test
    void aCancellationRequestedBeforeTheConfirmationIsAShipmentCancelledAtOnceThatNeverBooks() {
        UUID orderId = UUID.randomUUID();

        Shipment shipment = Shipment.cancelledBeforeConfirmation(orderId, "CUSTOMER_REQUEST", T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.takeEvents()).singleElement().isInstanceOfSatisfying(ShipmentCancelled.class,
                cancelled -> assertThat(cancelled.shipmentId()).isEqualTo(shipment.id()));
        assertThat(shipment.takeWorkRequests()).isEmpty();
        assertThat(shipment.courierWork()).isNull();
    }

    // --- tracking look-ups --------------------------------------------------------------------------------------

    @Test
    void onlyABookedOrDispatchedShipmentWithoutOpenCourierWorkIsLookedUp() {
        Shipment booked = booked();
        assertThat(booked.lookUp(T0)).isTrue();

        booked.cancellationRequested("CUSTOMER_REQUEST", T0);
        assertThat(booked.lookUp(T0)).as("its cancel is under way").isFalse();
        assertThat(created().lookUp(T0)).isFalse();
    }

    // --- the transit bound -----------------------------------------------------------------------------------

    private static Shipment dispatchedAt(Instant at) {
        Shipment shipment = booked();
        shipment.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, at, at);
        shipment.takeEvents();
        shipment.takeHistory();
        return shipment;
    }

    @Test
    void aParcelStillInTransitWithinTheBoundStaysDispatched() {
        Shipment shipment = dispatchedAt(T0);

        shipment.tracked(ShipmentStatus.DISPATCHED, "SIM1", Duration.ofDays(10), T0.plus(Duration.ofDays(9)));
        shipment.tracked(null, null, Duration.ofDays(10), T0.plus(Duration.ofDays(9)));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DISPATCHED);
        assertThat(shipment.takeEvents()).isEmpty();
    }

    @Test
    void aParcelTheCourierStillReportsInTransitPastTheBoundIsLost() {
        Shipment shipment = dispatchedAt(T0);

        shipment.tracked(ShipmentStatus.DISPATCHED, "SIM1", Duration.ofDays(10), T0.plus(Duration.ofDays(10)));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.FAILED);
        assertThat(shipment.failureReason()).isEqualTo("LOST_IN_TRANSIT");
        assertThat(shipment.takeEvents()).singleElement().isInstanceOfSatisfying(ShipmentFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo("LOST_IN_TRANSIT"));
    }

    @Test
    void aParcelTheCourierDoesNotKnowPastTheBoundIsLost() {
        Shipment shipment = dispatchedAt(T0);

        shipment.tracked(null, null, Duration.ofDays(10), T0.plus(Duration.ofDays(11)));

        assertThat(shipment.failureReason()).isEqualTo("LOST_IN_TRANSIT");
    }

    @Test
    void pastTheBoundWhatTheCourierReportsWins() {
        Shipment delivered = dispatchedAt(T0);
        delivered.tracked(ShipmentStatus.DELIVERED, "SIM1", Duration.ofDays(10), T0.plus(Duration.ofDays(11)));
        assertThat(delivered.status()).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(types(delivered.takeEvents())).containsExactly(ShipmentDelivered.class);

        Shipment failed = dispatchedAt(T0);
        failed.tracked(ShipmentStatus.FAILED, "SIM1", Duration.ofDays(10), T0.plus(Duration.ofDays(11)));
        assertThat(failed.status()).isEqualTo(ShipmentStatus.FAILED);
        assertThat(failed.failureReason()).isEqualTo("COURIER_FAILED");
    }
}
