package com.example.commerce.shipping.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.shipping.CourierGate;
import com.example.commerce.shipping.ShippingSagaTest;
import com.example.commerce.starter.work.WorkItem;
import com.example.commerce.starter.work.WorkLeases;
import com.example.commerce.starter.work.WorkProperties;
import com.example.commerce.starter.work.WorkStatus;
import com.example.commerce.starter.work.WorkWorkers;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Two instances' workers on one schema: the service's own {@link WorkWorkers} and a second built beside it with the
 * same courier handler, as a second instance of shipping-service would run them. One stalls past its lease while
 * it asks the courier; the other takes the row over under a new fence. The courier books once (one idempotency
 * key) and only the holder of the current fence records an answer.
 */
class CourierWorkTakeoverIntegrationTests extends ShippingSagaTest {

    private static final String CREATED = "shipping.ShipmentCreated.v1";

    @Autowired
    private WorkWorkers serviceWorkers;

    @Autowired
    private CourierWorkHandler handler;

    @Autowired
    private WorkLeases leases;

    @Autowired
    private WorkProperties workProperties;

    @Autowired
    private MeterRegistry meters;

    @Test
    void aWorkerStalledPastItsLeaseLosesTheBookingToASecondWorkerAndItsLateAnswerIsRefused() {
        stallPastTheLeaseAndTakeOver(true);
    }

    @Test
    void aStalledWorkersAnswerAfterTheSecondWorkerBookedIsRefusedToo() {
        stallPastTheLeaseAndTakeOver(false);
    }

    /**
     * The service's worker stalls in the booking call of the row's last attempt and never comes back with an
     * answer (as if killed): once its lease ran out, a second instance's workers tell the handler, which gives the
     * booking up as at its bound. The shipment fails COURIER_UNAVAILABLE (ShipmentFailed), and its release asks the
     * courier the same booking question and cancels what it booked, so no parcel of a failed shipment is picked up.
     * The vanished worker's answer, when it finally comes, writes nothing.
     */
    @Test
    void whenTheWorkerOfABookingsLastAttemptVanishesTheShipmentFailsAndWhatTheCourierBookedIsReleased() {
        UUID orderId = UUID.randomUUID();
        String key = orderId + ":book";
        CourierGate.Hold vanished = gate.holdNextBooking(key);
        double staleBefore = staleAnswers();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        WorkWorkers secondInstance = new WorkWorkers("courier-work-second", leases, List.of(handler), workProperties,
                clock, secondMeters);
        try {
            orders.publish(confirmed(orderId));
            vanished.awaitArrived(PATIENCE);
            WorkItem first = courierWork(orderId, "BOOK").orElseThrow();
            assertThat(first.status()).isEqualTo(WorkStatus.LEASED);
            serviceWorkers.stop();
            // That attempt was the row's last one.
            jdbc.update("UPDATE work_item SET max_attempts = attempts WHERE id = ?", first.id());

            secondInstance.start();
            clock.advance(workProperties.lease().plusSeconds(1)); // the vanished worker's lease runs out
            secondInstance.wake();
            awaitStatus(orderId, "FAILED");
            await("the release done").atMost(PATIENCE).until(() -> courierWork(orderId, "RELEASE")
                    .map(release -> release.status() == WorkStatus.DONE).orElse(false));
            WorkItem book = courierWork(orderId, "BOOK").orElseThrow();
            assertThat(book.status()).isEqualTo(WorkStatus.FAILED);
            assertThat(book.attempts()).as("telling the handler is not an attempt").isEqualTo(first.attempts());
            assertThat(book.outcome()).isEqualTo("BOOK given up: the worker of its last attempt vanished without an answer");
            assertThat(courierWork(orderId, "RELEASE").orElseThrow().outcome())
                    .matches("Booking .* made after the shipment failed: cancelled at the courier");
            assertThat(courier.bookings(orderId)).as("one key, one booking").hasSize(1);
            assertThat(courier.bookings(orderId).getFirst().get("status").asString()).isEqualTo("CANCELLED");
            JsonNode shipment = shipmentOf(orderId);
            assertThat(statuses(shipment)).containsExactly("CREATED", "FAILED", "RELEASED");
            assertThat(publishedFor(orderId)).containsExactly("shipping.ShipmentFailed.v1");
            assertThat(secondMeters.get("commerce.work.attempts").tag("kind", "shipping.courier")
                    .tag("result", "abandoned").counter().count()).isEqualTo(1);

            vanished.release(); // the vanished worker's call finally goes through; its answer is refused
            awaitStaleAnswer(staleBefore);
            assertThat(statusOf(orderId)).isEqualTo("FAILED");
            assertThat(publishedFor(orderId)).containsExactly("shipping.ShipmentFailed.v1");
        } finally {
            vanished.release();
            secondInstance.stop();
            serviceWorkers.start();
        }
    }

    /**
     * The service's worker stalls in its booking call past its lease; a second instance's worker takes the row over
     * and asks again. The stalled answer comes back while the second holds the row ({@code staleFirst}) or after
     * the second's answer was recorded; either way it writes nothing, and the courier books once.
     */
    private void stallPastTheLeaseAndTakeOver(boolean staleFirst) {
        UUID orderId = UUID.randomUUID();
        String key = orderId + ":book";
        CourierGate.Hold stalledCall = gate.holdNextBooking(key);
        CourierGate.Hold secondCall = gate.holdNextBooking(key);
        double staleBefore = staleAnswers();
        WorkWorkers secondInstance = new WorkWorkers("courier-work-second", leases, List.of(handler), workProperties,
                clock, new SimpleMeterRegistry());
        try {
            orders.publish(confirmed(orderId));
            stalledCall.awaitArrived(PATIENCE); // the service's worker asks the courier, and its call stalls
            WorkItem first = courierWork(orderId, "BOOK").orElseThrow();
            assertThat(first.status()).isEqualTo(WorkStatus.LEASED);
            // The stalled instance claims nothing more; its held call stays in flight.
            serviceWorkers.stop();

            secondInstance.start();
            clock.advance(workProperties.lease().plusSeconds(1)); // the stalled worker's lease runs out
            secondInstance.wake();
            secondCall.awaitArrived(PATIENCE);
            WorkItem takenOver = courierWork(orderId, "BOOK").orElseThrow();
            assertThat(takenOver.status()).isEqualTo(WorkStatus.LEASED);
            assertThat(takenOver.fence()).isEqualTo(first.fence() + 1);
            assertThat(takenOver.attempts()).isEqualTo(2);

            if (staleFirst) {
                // The stalled call goes through (the courier books) and its answer comes back while the second
                // worker holds the row.
                stalledCall.release();
                awaitStaleAnswer(staleBefore);
                assertThat(courier.bookings(orderId)).hasSize(1);
                assertThat(statusOf(orderId)).as("the stale answer wrote nothing").isEqualTo("CREATED");
                assertThat(statuses(shipmentOf(orderId))).containsExactly("CREATED");
                assertThat(publishedFor(orderId)).isEmpty();
                assertThat(courierWork(orderId, "BOOK").orElseThrow().fence()).isEqualTo(takenOver.fence());
                secondCall.release();
                awaitStatus(orderId, "BOOKED");
            } else {
                secondCall.release();
                awaitStatus(orderId, "BOOKED");
                await("the row done").atMost(PATIENCE)
                        .until(() -> courierWork(orderId, "BOOK").orElseThrow().status() == WorkStatus.DONE);
                stalledCall.release(); // its answer comes back after the row is done
                awaitStaleAnswer(staleBefore);
            }
            await("the row done").atMost(PATIENCE)
                    .until(() -> courierWork(orderId, "BOOK").orElseThrow().status() == WorkStatus.DONE);
        } finally {
            stalledCall.release();
            secondCall.release();
            secondInstance.stop();
            serviceWorkers.start();
        }
        assertThat(courier.bookings(orderId)).as("one key, one booking").hasSize(1);
        assertThat(gate.bookingCalls(key)).as("both workers asked").isEqualTo(2);
        assertThat(publishedFor(orderId)).containsExactly(CREATED);
        assertThat(statuses(shipmentOf(orderId))).containsExactly("CREATED", "BOOKED");
        assertThat(shipmentOf(orderId).get("trackingNumber").asString())
                .isEqualTo(courier.bookings(orderId).getFirst().get("trackingNumber").asString());
        WorkItem done = courierWork(orderId, "BOOK").orElseThrow();
        assertThat(done.attempts()).as("nobody claimed it after the second").isEqualTo(2);
        assertThat(done.outcome()).startsWith("booking Booked");
    }

    private void awaitStaleAnswer(double staleBefore) {
        await("the stalled worker's answer refused").atMost(PATIENCE)
                .until(() -> serviceWorkers.busy() == 0 && staleAnswers() == staleBefore + 1);
    }

    private double staleAnswers() {
        var counter = meters.find("commerce.work.attempts").tag("kind", "shipping.courier").tag("result", "stale")
                .counter();
        return counter == null ? 0 : counter.count();
    }
}
