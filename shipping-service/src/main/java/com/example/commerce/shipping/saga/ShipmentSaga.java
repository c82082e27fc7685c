package com.example.commerce.shipping.saga;

import com.example.commerce.events.order.OrderCancellationRequested;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.shipping.courier.BookingResult;
import com.example.commerce.shipping.courier.Courier;
import com.example.commerce.shipping.courier.CourierProperties;
import com.example.commerce.shipping.courier.ParcelBooking;
import com.example.commerce.shipping.shipment.CancelledOrder;
import com.example.commerce.shipping.shipment.CancelledOrders;
import com.example.commerce.shipping.shipment.Shipment;
import com.example.commerce.shipping.shipment.ShipmentStatus;
import com.example.commerce.shipping.shipment.Shipments;
import com.example.commerce.starter.outbox.Outbox;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipping side of the order saga. Event handlers run in the inbox's transaction and only record intents
 * (a shipment whose booking is due, a cancellation that is due); {@link CourierWork} performs them at the
 * courier outside any transaction and hands the answers back here, each in a transaction of its own. Every
 * change appends its tracking history and publishes its events through the outbox in the same transaction.
 */
@Service
public class ShipmentSaga {

    private static final Logger log = LoggerFactory.getLogger(ShipmentSaga.class);
    private static final TypeReference<List<ParcelBooking.Item>> ITEMS = new TypeReference<>() {
    };

    private final Shipments shipments;
    private final CancelledOrders tombstones;
    private final Outbox outbox;
    private final EntityManager entityManager;
    private final JsonMapper json;
    private final Courier courier;
    private final CourierProperties properties;
    private final CourierWorkSignal signal;
    private final Clock clock;

    ShipmentSaga(Shipments shipments, CancelledOrders tombstones, Outbox outbox, EntityManager entityManager,
                 JsonMapper json, Courier courier, CourierProperties properties, CourierWorkSignal signal,
                 Clock clock) {
        this.clock = clock;
        this.shipments = shipments;
        this.tombstones = tombstones;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.json = json;
        this.courier = courier;
        this.properties = properties;
        this.signal = signal;
    }

    /**
     * A confirmed order gets one shipment whose booking is due at once, unless it was cancelled first
     * (a tombstone: nothing is booked or published) or it has one already.
     */
    @Transactional
    public void orderConfirmed(OrderConfirmed confirmed) {
        Instant now = clock.instant();
        Optional<CancelledOrder> tombstone = tombstones.findById(confirmed.orderId());
        if (tombstone.isPresent()) {
            tombstone.get().confirmationIgnored(now);
            log.info("Order {} was cancelled before its confirmation arrived: nothing booked", confirmed.orderId());
            return;
        }
        Optional<Shipment> existing = shipments.lockByOrderId(confirmed.orderId());
        if (existing.isPresent()) {
            existing.get().note("CONFIRMATION_REPEATED", "OrderConfirmed again: the order has this shipment ("
                    + existing.get().status() + ")", now);
            save(existing.get());
            return;
        }
        List<ParcelBooking.Item> items = new ArrayList<>();
        if (confirmed.lines() != null) {
            for (OrderLine line : confirmed.lines()) {
                items.add(new ParcelBooking.Item(line.sku(), line.quantity()));
            }
        }
        Shipment shipment = Shipment.create(confirmed.orderId(), confirmed.customerId(),
                confirmed.shippingAddress() == null ? null : json.writeValueAsString(confirmed.shippingAddress()),
                json.writeValueAsString(items), now);
        entityManager.persist(shipment);
        save(shipment);
        wakeAfterCommit();
    }

    /**
     * A cancelled order: a shipment not yet dispatched is cancelled (at once if no booking was ever asked for,
     * otherwise once the courier cancelled it); a dispatched one stays as it is (recorded); without a shipment a
     * tombstone makes the later OrderConfirmed book nothing.
     */
    @Transactional
    public void orderCancelled(OrderCancelled cancelled) {
        Instant now = clock.instant();
        Optional<Shipment> shipment = shipments.lockByOrderId(cancelled.orderId());
        if (shipment.isEmpty()) {
            if (!tombstones.existsById(cancelled.orderId())) {
                tombstones.save(new CancelledOrder(cancelled.orderId(), cancelled.reason(), now));
            }
            return;
        }
        shipment.get().orderCancelled(cancelled.reason(), now);
        save(shipment.get());
        wakeAfterCommit();
    }

    /**
     * A confirmed order asks to end (OrderCancellationRequested): a shipment not yet dispatched is cancelled (at
     * once if no booking was ever asked for, otherwise by the courier work, after any call in flight has
     * answered); the answer is ShipmentCancelled, or ShipmentDispatched when the courier already has the parcel.
     * Dispatched or over already: recorded as ignored. A repeat is the same request. Without a shipment (the
     * confirmation not seen yet): a shipment CANCELLED at once that was never booked, which answers the request
     * (ShipmentCancelled) and makes the late OrderConfirmed book nothing.
     */
    @Transactional
    public void cancellationRequested(OrderCancellationRequested requested) {
        Instant now = clock.instant();
        if (tombstones.existsById(requested.orderId())) {
            log.info("Cancellation of order {} requested after it was cancelled already: nothing to do",
                    requested.orderId());
            return;
        }
        Optional<Shipment> shipment = shipments.lockByOrderId(requested.orderId());
        if (shipment.isEmpty()) {
            Shipment cancelled = Shipment.cancelledBeforeConfirmation(requested.orderId(), requested.reason(), now);
            entityManager.persist(cancelled);
            save(cancelled);
            return;
        }
        shipment.get().cancellationRequested(requested.reason(), now);
        save(shipment.get());
        wakeAfterCommit();
    }

    /** The courier reported a status change of shipment {@code shipmentId}; false when there is no such shipment. */
    @Transactional
    public boolean courierReported(UUID shipmentId, ShipmentStatus reported, String bookingId, String trackingNumber,
                                   String reason, Instant at) {
        Optional<Shipment> shipment = shipments.lock(shipmentId);
        if (shipment.isEmpty()) {
            return false;
        }
        shipment.get().courierReported(reported, courier.name(), bookingId, trackingNumber, reason, at,
                clock.instant());
        save(shipment.get());
        return true;
    }

    /**
     * Claims up to {@code limit} shipments whose courier work is due and not leased, for {@code owner}, for the
     * lease, each with a new fencing token.
     */
    @Transactional
    List<CourierTask> claimDue(int limit, String owner) {
        Instant now = clock.instant();
        List<CourierTask> tasks = new ArrayList<>();
        for (UUID id : shipments.lockDue(now, limit)) {
            Shipment shipment = shipments.findById(id).orElseThrow();
            Shipment.Work work = shipment.claim(now, properties.lease(), owner);
            if (work != null) {
                tasks.add(new CourierTask(id, shipment.leaseToken(), work, shipment.bookingKey(),
                        shipment.bookingId(), bookingOf(shipment)));
            }
        }
        return tasks;
    }

    /** Claims up to {@code limit} booked or dispatched shipments the courier has said nothing about for a while. */
    @Transactional
    List<CourierTask> claimUnheardOf(int limit, String owner) {
        Instant now = clock.instant();
        List<CourierTask> tasks = new ArrayList<>();
        for (UUID id : shipments.lockUnheardOf(now.minus(properties.trackAfter()), now, limit)) {
            Shipment shipment = shipments.findById(id).orElseThrow();
            if (shipment.claimTracking(now, properties.lease(), owner)) {
                tasks.add(new CourierTask(id, shipment.leaseToken(), Shipment.Work.TRACK, shipment.bookingKey(),
                        shipment.bookingId(), null));
            }
        }
        return tasks;
    }

    /**
     * What the courier says when asked (empty: it does not know the booking): applied when it moves the shipment
     * forward (a lost callback); a parcel past the transit bound still in transit is lost (LOST_IN_TRANSIT).
     */
    @Transactional
    void tracked(UUID shipmentId, long token, Optional<Courier.Tracked> tracked) {
        ShipmentStatus reported = tracked.map(found -> statusOf(found.status())).orElse(null);
        String trackingNumber = tracked.map(Courier.Tracked::trackingNumber).orElse(null);
        withLease(shipmentId, token, "tracked " + (reported == null ? "unknown" : reported), shipment ->
                shipment.tracked(reported, trackingNumber, properties.transitBound(), clock.instant()));
    }

    /** The courier's tracking could not be asked: the lease ends, the next period asks again. */
    @Transactional
    void trackUnanswered(UUID shipmentId, long token) {
        withLease(shipmentId, token, "tracking unanswered", shipment -> {
        });
    }

    private static ShipmentStatus statusOf(String courierStatus) {
        try {
            return courierStatus == null ? null : ShipmentStatus.valueOf(courierStatus);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** The booking's answer, ending the claim. */
    @Transactional
    void bookingAnswered(UUID shipmentId, long token, BookingResult result) {
        withLease(shipmentId, token, "booking " + result, shipment -> recordBooking(shipment, result));
    }

    /**
     * What asking the booking question again (under the same key) found, while the claim goes on: a cancel that
     * did not know the booking id learns it.
     *
     * @return whether the claim is still the row's (else its worker stops: a newer claim does the work)
     */
    @Transactional
    boolean bookingLearnt(UUID shipmentId, long token, BookingResult result) {
        return withFence(shipmentId, token, "booking " + result, shipment -> recordBooking(shipment, result));
    }

    private void recordBooking(Shipment shipment, BookingResult result) {
        Instant now = clock.instant();
        switch (result) {
            case BookingResult.Booked booked ->
                    shipment.booked(courier.name(), booked.bookingId(), booked.trackingNumber(), now);
            case BookingResult.Refused refused -> shipment.refused(refused.code(), refused.reason(), now);
        }
    }

    @Transactional
    void bookingUnanswered(UUID shipmentId, long token, String why) {
        withLease(shipmentId, token, "booking unanswered", shipment -> shipment.bookingUnanswered(why,
                clock.instant(), properties.retryAfter(), properties.maxAge()));
    }

    @Transactional
    void cancelAnswered(UUID shipmentId, long token) {
        withLease(shipmentId, token, "cancelled", shipment -> shipment.courierCancelled(clock.instant()));
    }

    /**
     * The courier refused the cancel: it has the parcel. {@code tracked} is what its tracking said right after
     * (empty when it could not tell): the shipment is DISPATCHED (or further) at once, on the courier's word.
     */
    @Transactional
    void cancelTooLate(UUID shipmentId, long token, Optional<Courier.Tracked> tracked) {
        ShipmentStatus reported = tracked.map(found -> statusOf(found.status())).orElse(null);
        String trackingNumber = tracked.map(Courier.Tracked::trackingNumber).orElse(null);
        withLease(shipmentId, token, "cancel too late", shipment -> {
            Instant now = clock.instant();
            shipment.courierCancelTooLate(reported, trackingNumber, now, now);
        });
    }

    @Transactional
    void released(UUID shipmentId, long token, String outcome) {
        withLease(shipmentId, token, "released", shipment -> shipment.released(outcome, clock.instant()));
    }

    @Transactional
    void releaseUnanswered(UUID shipmentId, long token) {
        withLease(shipmentId, token, "release unanswered",
                shipment -> shipment.releaseUnanswered(clock.instant(), properties.retryAfter()));
    }

    @Transactional
    void cancelUnanswered(UUID shipmentId, long token) {
        withLease(shipmentId, token, "cancel unanswered",
                shipment -> shipment.cancelUnanswered(clock.instant(), properties.retryAfter()));
    }

    /** Records the last answer of the claim with {@code token} and ends its lease; see {@link #withFence}. */
    private void withLease(UUID shipmentId, long token, String what, Consumer<Shipment> change) {
        withFence(shipmentId, token, what, change.andThen(Shipment::endLease));
    }

    /**
     * Records an answer of the claim with {@code token} only if that claim is still the row's: a stale worker
     * (its lease ran out and another claim took the row) is noted as a late answer and changes nothing, since
     * the newer claim asks the courier the same question again under the same key.
     */
    private boolean withFence(UUID shipmentId, long token, String what, Consumer<Shipment> change) {
        Optional<Shipment> found = shipments.lock(shipmentId);
        if (found.isEmpty()) {
            return false;
        }
        Shipment shipment = found.get();
        boolean holds = shipment.holdsLease(token);
        if (holds) {
            change.accept(shipment);
        } else {
            shipment.lateAnswer(token, what, clock.instant());
            log.info("Late answer for shipment {} (token {}, now {}): {}; ignored", shipmentId, token,
                    shipment.leaseToken(), what);
        }
        save(shipment);
        return holds;
    }

    private ParcelBooking bookingOf(Shipment shipment) {
        Address address = shipment.addressJson() == null ? null
                : json.readValue(shipment.addressJson(), Address.class);
        return new ParcelBooking(shipment.id(), shipment.orderId(), address,
                json.readValue(shipment.parcelsJson(), ITEMS));
    }

    /** Appends the history and publishes the events the change caused, in this transaction. */
    private void save(Shipment shipment) {
        shipment.takeHistory().forEach(entityManager::persist);
        shipment.takeEvents().forEach(outbox::publish);
    }

    private void wakeAfterCommit() {
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                signal.wake();
            }
        });
    }
}
