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
    private static final Duration LEASE = Duration.ofSeconds(60);
    private static final String WORKER = "worker-1";
    private static final String ADDRESS = "{\"line1\":\"1 Main\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";

    private static Shipment created() {
        Shipment shipment = Shipment.create(UUID.randomUUID(), UUID.randomUUID(), ADDRESS, "[]", T0);
        shipment.takeEvents();
        shipment.takeHistory();
        return shipment;
    }

    private static Shipment booked() {
        Shipment shipment = created();
        assertThat(shipment.claim(T0, LEASE, WORKER)).isEqualTo(Shipment.Work.BOOK);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);
        shipment.endLease();
        shipment.takeEvents();
        shipment.takeHistory();
        return shipment;
    }

    private static List<Class<?>> types(List<IntegrationEvent> events) {
        return events.stream().<Class<?>>map(Object::getClass).toList();
    }

    @Test
    void aShipmentWithoutAnAddressFailsAtOnce() {
        Shipment shipment = Shipment.create(UUID.randomUUID(), UUID.randomUUID(), null, "[]", T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.FAILED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentFailed.class);
        assertThat(shipment.claim(T0, LEASE, WORKER)).isNull();
    }

    @Test
    void aBookedShipmentPublishesShipmentCreatedOnceAndIsNotClaimedAgain() {
        Shipment shipment = created();
        shipment.claim(T0, LEASE, WORKER);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);

        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCreated.class);
        assertThat(shipment.claim(T0.plusSeconds(120), LEASE, WORKER)).isNull();
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
        shipment.claim(T0, LEASE, WORKER);

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
        assertThat(shipment.claim(T0, LEASE, WORKER)).isNull();
    }

    @Test
    void aCancelOfABookedShipmentWaitsForTheCourier() {
        Shipment shipment = booked();

        shipment.orderCancelled("CUSTOMER_REQUEST", T0);
        assertThat(shipment.takeEvents()).isEmpty();
        assertThat(shipment.claim(T0, LEASE, WORKER)).isEqualTo(Shipment.Work.CANCEL);
        shipment.courierCancelled(T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCancelled.class);
    }

    @Test
    void aDispatchOvertakingACancelWinsAndTheCourierCancelChangesNothing() {
        Shipment shipment = booked();
        shipment.orderCancelled("CUSTOMER_REQUEST", T0);
        shipment.claim(T0, LEASE, WORKER);

        shipment.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, T0, T0);
        shipment.courierCancelTooLate(null, null, T0, T0);
        shipment.courierCancelled(T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DISPATCHED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentDispatched.class);
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
        shipment.claim(T0, LEASE, WORKER);

        shipment.bookingUnanswered("timeout", T0.plusSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(15));
        shipment.endLease();
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CREATED);
        assertThat(shipment.claim(T0.plusSeconds(3), LEASE, WORKER)).isEqualTo(Shipment.Work.BOOK);

        shipment.bookingUnanswered("timeout", T0.plus(Duration.ofMinutes(16)), Duration.ofSeconds(2),
                Duration.ofMinutes(15));
        shipment.endLease();

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.FAILED);
        assertThat(shipment.takeEvents()).singleElement().isInstanceOfSatisfying(ShipmentFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo("COURIER_UNAVAILABLE"));
        assertThat(shipment.claim(T0.plus(Duration.ofMinutes(16)), LEASE, WORKER)).isEqualTo(Shipment.Work.RELEASE);
        shipment.released("nothing booked", T0.plus(Duration.ofMinutes(16)));
        shipment.endLease();
        assertThat(shipment.claim(T0.plus(Duration.ofMinutes(20)), LEASE, WORKER)).isNull();
    }

    @Test
    void aRefusalFailsTheShipmentButARefusalOfACancelledOneCancelsIt() {
        Shipment refused = created();
        refused.claim(T0, LEASE, WORKER);
        refused.refused("ADDRESS_NOT_SERVED", "no", T0);
        assertThat(types(refused.takeEvents())).containsExactly(ShipmentFailed.class);

        Shipment cancelled = created();
        cancelled.claim(T0, LEASE, WORKER);
        cancelled.orderCancelled("CUSTOMER_REQUEST", T0);
        cancelled.refused("ADDRESS_NOT_SERVED", "no", T0);
        assertThat(cancelled.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(cancelled.takeEvents())).containsExactly(ShipmentCancelled.class);
    }

    // --- the cancellation request (OrderCancellationRequested) ------------------------------------------------

    @Test
    void aCancellationRequestWhileABookingIsInFlightWaitsForItsAnswerThenCancelsOnce() {
        Shipment shipment = created();
        assertThat(shipment.claim(T0, LEASE, WORKER)).isEqualTo(Shipment.Work.BOOK);

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0.plusSeconds(1));
        assertThat(shipment.claim(T0.plusSeconds(1), LEASE, "worker-2")).as("the booking call is in flight").isNull();
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CREATED);

        shipment.booked("sim-courier", "b-1", "SIM1", T0.plusSeconds(2));
        shipment.endLease();
        assertThat(shipment.claim(T0.plusSeconds(2), LEASE, "worker-2")).isEqualTo(Shipment.Work.CANCEL);
        assertThat(shipment.bookingId()).isEqualTo("b-1");
        shipment.courierCancelled(T0.plusSeconds(3));
        shipment.endLease();

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCreated.class, ShipmentCancelled.class);
        assertThat(shipment.claim(T0.plusSeconds(4), LEASE, WORKER)).isNull();
    }

    @Test
    void aCancelTheCourierRefusesAsTooLateDispatchesAtOnceOnItsWord() {
        Shipment shipment = booked();
        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);
        assertThat(shipment.claim(T0, LEASE, WORKER)).isEqualTo(Shipment.Work.CANCEL);

        shipment.courierCancelTooLate(null, null, T0.plusSeconds(1), T0.plusSeconds(1));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DISPATCHED);
        assertThat(shipment.dispatchedAt()).isEqualTo(T0.plusSeconds(1));
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentDispatched.class);
        assertThat(shipment.takeHistory()).extracting(TrackingEvent::status)
                .containsExactly("CANCEL_REQUESTED", "CANCEL_REFUSED", "DISPATCHED");
        shipment.endLease();
        assertThat(shipment.claim(T0.plusSeconds(2), LEASE, WORKER)).as("no cancel left to do").isNull();
    }

    @Test
    void aCancelRefusedWhileTheCourierTrackingSaysDeliveredAppliesTheDelivery() {
        Shipment shipment = booked();
        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);
        shipment.claim(T0, LEASE, WORKER);

        shipment.courierCancelTooLate(ShipmentStatus.DELIVERED, "SIM1", T0, T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.DELIVERED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentDispatched.class, ShipmentDelivered.class);
    }

    @Test
    void aRepeatedCancellationRequestIsTheSameRequest() {
        Shipment shipment = booked();

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);
        shipment.cancellationRequested("TIMED_OUT", T0.plusSeconds(1));
        assertThat(shipment.claim(T0.plusSeconds(1), LEASE, WORKER)).isEqualTo(Shipment.Work.CANCEL);
        shipment.cancellationRequested("TIMED_OUT", T0.plusSeconds(2));
        assertThat(shipment.claim(T0.plusSeconds(2), LEASE, "worker-2")).isNull();
        shipment.courierCancelled(T0.plusSeconds(3));
        shipment.endLease();
        shipment.cancellationRequested("TIMED_OUT", T0.plusSeconds(4));

        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCancelled.class);
        assertThat(shipment.takeHistory()).extracting(TrackingEvent::status).containsExactly("CANCEL_REQUESTED",
                "CANCEL_REPEATED", "CANCEL_REPEATED", "CANCELLED", "CANCEL_IGNORED");
    }

    @Test
    void aCancellationRequestBeforeAnyBookingCancelsAtOnce() {
        Shipment shipment = created();

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(shipment.takeEvents()).singleElement().isInstanceOfSatisfying(ShipmentCancelled.class,
                cancelled -> assertThat(cancelled.reason()).isEqualTo("CUSTOMER_REQUEST"));
        assertThat(shipment.claim(T0, LEASE, WORKER)).isNull();
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
        assertThat(shipment.claim(T0, LEASE, WORKER)).isNull();
    }

    // --- the lease and its fencing token ---------------------------------------------------------------------

    @Test
    void aLeasedShipmentIsNotClaimedUntilItsLeaseRunsOutAndEachClaimTakesANewToken() {
        Shipment shipment = created();
        assertThat(shipment.claim(T0, LEASE, WORKER)).isEqualTo(Shipment.Work.BOOK);
        long first = shipment.leaseToken();

        assertThat(shipment.claim(T0.plusSeconds(59), LEASE, "worker-2")).isNull();
        assertThat(shipment.claim(T0.plusSeconds(60), LEASE, "worker-2")).as("the lease ran out: a crash")
                .isEqualTo(Shipment.Work.BOOK);

        assertThat(shipment.leaseToken()).isEqualTo(first + 1);
        assertThat(shipment.holdsLease(first)).isFalse();
        assertThat(shipment.holdsLease(first + 1)).isTrue();
    }

    @Test
    void aTrackingLookUpTakesTheLeaseSoACancelDueMeanwhileWaitsForItsAnswer() {
        Shipment shipment = booked();
        assertThat(shipment.claimTracking(T0, LEASE, WORKER)).isTrue();

        shipment.cancellationRequested("CUSTOMER_REQUEST", T0.plusSeconds(1));
        assertThat(shipment.claim(T0.plusSeconds(1), LEASE, "worker-2")).isNull();
        assertThat(shipment.claimTracking(T0.plusSeconds(1), LEASE, "worker-2")).isFalse();

        shipment.tracked(ShipmentStatus.BOOKED, "SIM1", Duration.ofDays(10), T0.plusSeconds(2));
        shipment.endLease();
        assertThat(shipment.claim(T0.plusSeconds(2), LEASE, "worker-2")).isEqualTo(Shipment.Work.CANCEL);
    }

    @Test
    void anAnswerWhoseLeaseRanOutButWasNotClaimedAgainStillCounts() {
        Shipment shipment = created();
        shipment.claim(T0, LEASE, WORKER);
        long token = shipment.leaseToken();

        assertThat(shipment.holdsLease(token)).as("nobody took the row since").isTrue();
        shipment.endLease();
        assertThat(shipment.holdsLease(token)).as("answered already").isFalse();
    }

    @Test
    void aLateAnswerIsNotedAndChangesNothing() {
        Shipment shipment = created();
        shipment.claim(T0, LEASE, WORKER);
        shipment.claim(T0.plusSeconds(61), LEASE, "worker-2");

        shipment.lateAnswer(1, "booking Booked[b-1]", T0.plusSeconds(62));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CREATED);
        assertThat(shipment.takeEvents()).isEmpty();
        assertThat(shipment.takeHistory()).singleElement().satisfies(line -> {
            assertThat(line.status()).isEqualTo("LATE_ANSWER");
            assertThat(line.applied()).isFalse();
        });
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
