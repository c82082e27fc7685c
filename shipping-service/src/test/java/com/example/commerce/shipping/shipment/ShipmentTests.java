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
    private static final String ADDRESS = "{\"line1\":\"1 Main\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";

    private static Shipment created() {
        Shipment shipment = Shipment.create(UUID.randomUUID(), UUID.randomUUID(), ADDRESS, "[]", T0);
        shipment.takeEvents();
        shipment.takeHistory();
        return shipment;
    }

    private static Shipment booked() {
        Shipment shipment = created();
        assertThat(shipment.claim(T0, LEASE)).isEqualTo(Shipment.Work.BOOK);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);
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
        assertThat(shipment.claim(T0, LEASE)).isNull();
    }

    @Test
    void aBookedShipmentPublishesShipmentCreatedOnceAndIsNotClaimedAgain() {
        Shipment shipment = created();
        shipment.claim(T0, LEASE);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);
        shipment.booked("sim-courier", "b-1", "SIM1", T0);

        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCreated.class);
        assertThat(shipment.claim(T0.plusSeconds(120), LEASE)).isNull();
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
        shipment.claim(T0, LEASE);

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
        assertThat(shipment.claim(T0, LEASE)).isNull();
    }

    @Test
    void aCancelOfABookedShipmentWaitsForTheCourier() {
        Shipment shipment = booked();

        shipment.orderCancelled("CUSTOMER_REQUEST", T0);
        assertThat(shipment.takeEvents()).isEmpty();
        assertThat(shipment.claim(T0, LEASE)).isEqualTo(Shipment.Work.CANCEL);
        shipment.courierCancelled(T0);

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(shipment.takeEvents())).containsExactly(ShipmentCancelled.class);
    }

    @Test
    void aDispatchOvertakingACancelWinsAndTheCourierCancelChangesNothing() {
        Shipment shipment = booked();
        shipment.orderCancelled("CUSTOMER_REQUEST", T0);
        shipment.claim(T0, LEASE);

        shipment.courierReported(ShipmentStatus.DISPATCHED, "sim-courier", "b-1", "SIM1", null, T0, T0);
        shipment.courierCancelTooLate(T0);
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
        shipment.claim(T0, LEASE);

        shipment.bookingUnanswered("timeout", T0.plusSeconds(1), Duration.ofSeconds(2), Duration.ofMinutes(15));
        assertThat(shipment.status()).isEqualTo(ShipmentStatus.CREATED);
        assertThat(shipment.claim(T0.plusSeconds(3), LEASE)).isEqualTo(Shipment.Work.BOOK);

        shipment.bookingUnanswered("timeout", T0.plus(Duration.ofMinutes(16)), Duration.ofSeconds(2),
                Duration.ofMinutes(15));

        assertThat(shipment.status()).isEqualTo(ShipmentStatus.FAILED);
        assertThat(shipment.takeEvents()).singleElement().isInstanceOfSatisfying(ShipmentFailed.class,
                failed -> assertThat(failed.reason()).isEqualTo("COURIER_UNAVAILABLE"));
        assertThat(shipment.claim(T0.plus(Duration.ofMinutes(16)), LEASE)).isEqualTo(Shipment.Work.RELEASE);
        shipment.released("nothing booked", T0.plus(Duration.ofMinutes(16)));
        assertThat(shipment.claim(T0.plus(Duration.ofMinutes(20)), LEASE)).isNull();
    }

    @Test
    void aRefusalFailsTheShipmentButARefusalOfACancelledOneCancelsIt() {
        Shipment refused = created();
        refused.claim(T0, LEASE);
        refused.refused("ADDRESS_NOT_SERVED", "no", T0);
        assertThat(types(refused.takeEvents())).containsExactly(ShipmentFailed.class);

        Shipment cancelled = created();
        cancelled.claim(T0, LEASE);
        cancelled.orderCancelled("CUSTOMER_REQUEST", T0);
        cancelled.refused("ADDRESS_NOT_SERVED", "no", T0);
        assertThat(cancelled.status()).isEqualTo(ShipmentStatus.CANCELLED);
        assertThat(types(cancelled.takeEvents())).containsExactly(ShipmentCancelled.class);
    }
}
