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
import com.example.commerce.starter.work.Lease;
import com.example.commerce.starter.work.WorkLeases;
import com.example.commerce.starter.work.WorkQueue;
import com.example.commerce.starter.work.WorkStatus;
import jakarta.persistence.EntityManager;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * The shipping side of the order saga. Event handlers run in the inbox's transaction and only record intents:
 * the courier work a shipment asks for (a booking, a cancellation, a release) is enqueued as a
 * {@code shipping.courier} work row in that transaction ({@link WorkQueue}). {@link CourierWorkHandler} performs
 * it at the courier outside any transaction and hands the answers back here, each in a transaction that first
 * checks that its worker still holds the row's lease ({@link WorkLeases#holds}) and writes nothing when the
 * lease passed on to another worker. Every change appends its tracking history, publishes its events through the
 * outbox and enqueues the courier work it asks for, in the same transaction.
 */
@Service
public class ShipmentSaga {

    /** The kind of the work rows of courier work ({@link CourierWorkHandler}). */
    static final String COURIER_WORK = "shipping.courier";

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
    private final WorkQueue workQueue;
    private final WorkLeases workLeases;
    private final Clock clock;

    ShipmentSaga(Shipments shipments, CancelledOrders tombstones, Outbox outbox, EntityManager entityManager,
                 JsonMapper json, Courier courier, CourierProperties properties, WorkQueue workQueue,
                 WorkLeases workLeases, Clock clock) {
        this.clock = clock;
        this.workQueue = workQueue;
        this.workLeases = workLeases;
        this.shipments = shipments;
        this.tombstones = tombstones;
        this.outbox = outbox;
        this.entityManager = entityManager;
        this.json = json;
        this.courier = courier;
        this.properties = properties;
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
        reviveLostWork(shipment.get(), now);
        shipment.get().orderCancelled(cancelled.reason(), now);
        save(shipment.get());
    }

    /**
     * A confirmed order asks to end (OrderCancellationRequested): a shipment not yet dispatched is cancelled (at
     * once if no booking was ever asked for, otherwise by the courier work, after the booking step has
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
        reviveLostWork(shipment.get(), now);
        shipment.get().cancellationRequested(requested.reason(), now);
        save(shipment.get());
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
     * A worker of the {@code shipping.courier} row of {@code step} takes it up, under {@code lease}: what to ask
     * the courier, or empty when the lease passed on (nothing written) or the step no longer applies (then it is
     * over, and what the shipment needs next is enqueued).
     */
    @Transactional
    Optional<CourierTask> takeUp(UUID shipmentId, Shipment.Work step, Lease lease) {
        List<CourierTask> task = new ArrayList<>(1);
        holding(shipmentId, lease, "take up " + step, shipment -> {
            if (!shipment.takeUp(step, clock.instant())) {
                return Step.ANSWERED;
            }
            task.add(new CourierTask(shipmentId, step, shipment.bookingKey(), shipment.bookingId(),
                    shipment.addressJson() == null ? null : bookingOf(shipment)));
            return Step.GOES_ON;
        });
        return task.stream().findFirst();
    }

    /** The booking's answer: the booking step is over. */
    @Transactional
    Step bookingAnswered(UUID shipmentId, Lease lease, BookingResult result) {
        return holding(shipmentId, lease, "booking " + result, shipment -> {
            recordBooking(shipment, result);
            shipment.stepAnswered(Shipment.Work.BOOK, clock.instant());
            return Step.ANSWERED;
        });
    }

    /**
     * The booking got no answer: due again, unless the max age passed or this was its {@code lastAttempt} (the
     * shipment fails COURIER_UNAVAILABLE and a release is enqueued) or a cancel takes over.
     */
    @Transactional
    Step bookingUnanswered(UUID shipmentId, Lease lease, String why, boolean lastAttempt) {
        return holding(shipmentId, lease, "booking unanswered", shipment ->
                shipment.bookingUnanswered(why, clock.instant(), properties.maxAge(), lastAttempt)
                        ? Step.DUE_AGAIN : Step.ANSWERED);
    }

    /**
     * What asking the booking question again (under the same key) found, while the cancel goes on: a cancel that
     * did not know the booking id learns it. GOES_ON: cancel it at the courier now; ANSWERED: nothing left to
     * cancel (a refusal).
     */
    @Transactional
    Step bookingLearnt(UUID shipmentId, Lease lease, BookingResult result) {
        return holding(shipmentId, lease, "booking " + result, shipment -> {
            recordBooking(shipment, result);
            return shipment.cancelStillApplies(clock.instant()) ? Step.GOES_ON : Step.ANSWERED;
        });
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
    Step cancelAnswered(UUID shipmentId, Lease lease) {
        return holding(shipmentId, lease, "cancelled", shipment -> {
            shipment.courierCancelled(clock.instant());
            return Step.ANSWERED;
        });
    }

    /**
     * The courier refused the cancel: it has the parcel. {@code tracked} is what its tracking said right after
     * (empty when it could not tell): the shipment is DISPATCHED (or further) at once, on the courier's word.
     */
    @Transactional
    Step cancelTooLate(UUID shipmentId, Lease lease, Optional<Courier.Tracked> tracked) {
        ShipmentStatus reported = tracked.map(found -> statusOf(found.status())).orElse(null);
        String trackingNumber = tracked.map(Courier.Tracked::trackingNumber).orElse(null);
        return holding(shipmentId, lease, "cancel too late", shipment -> {
            Instant now = clock.instant();
            shipment.courierCancelTooLate(reported, trackingNumber, now, now);
            return Step.ANSWERED;
        });
    }

    /** The cancel got no answer: due again while it still applies. */
    @Transactional
    Step cancelUnanswered(UUID shipmentId, Lease lease) {
        return holding(shipmentId, lease, "cancel unanswered", shipment ->
                shipment.cancelUnanswered(clock.instant()) ? Step.DUE_AGAIN : Step.ANSWERED);
    }

    /**
     * The worker of the last attempt of the step's row {@code key} vanished: a booking fails the shipment as at its
     * bound (COURIER_UNAVAILABLE, a release enqueued); a cancel or release still needed is asked anew. Nothing when
     * the shipment's open step is no longer that row's.
     */
    @Transactional
    Step workAbandoned(UUID shipmentId, Shipment.Work step, String key, Lease lease, String why) {
        return holding(shipmentId, lease, step + " abandoned", shipment -> {
            if (!key.equals(shipment.courierWorkKey())) {
                log.info("Abandoned courier work {} of shipment {}: no longer its open step", key, shipmentId);
                return Step.ANSWERED;
            }
            Instant now = clock.instant();
            if (step == Shipment.Work.BOOK) {
                shipment.bookingUnanswered(why, now, properties.maxAge(), true);
            } else {
                shipment.courierWorkLost(now);
            }
            return Step.ANSWERED;
        });
    }

    @Transactional
    Step released(UUID shipmentId, Lease lease, String outcome) {
        return holding(shipmentId, lease, "released", shipment -> {
            shipment.released(outcome, clock.instant());
            return Step.ANSWERED;
        });
    }

    /**
     * Marks up to {@code limit} booked or dispatched shipments without open courier work that the courier has
     * said nothing about for {@code track-after} as looked up now, and returns them (a look-up the courier does
     * not answer is made again a period later; so is one a crash interrupted).
     */
    @Transactional
    List<LookUp> lookUpsDue(int limit) {
        Instant now = clock.instant();
        List<LookUp> due = new ArrayList<>();
        for (UUID id : shipments.lockUnheardOf(now.minus(properties.trackAfter()), limit)) {
            Shipment shipment = shipments.findById(id).orElseThrow();
            if (shipment.lookUp(now)) {
                due.add(new LookUp(id, shipment.bookingId()));
            }
        }
        return due;
    }

    /** A tracking look-up due for a shipment: its courier booking. */
    record LookUp(UUID shipmentId, String bookingId) {
    }

    /**
     * What the courier says when asked (empty: it does not know the booking): applied when it moves the shipment
     * forward (a lost callback); a parcel past the transit bound still in transit is lost (LOST_IN_TRANSIT). The
     * courier's word, like a callback: not fenced.
     */
    @Transactional
    void tracked(UUID shipmentId, Optional<Courier.Tracked> tracked) {
        ShipmentStatus reported = tracked.map(found -> statusOf(found.status())).orElse(null);
        String trackingNumber = tracked.map(Courier.Tracked::trackingNumber).orElse(null);
        shipments.lock(shipmentId).ifPresent(shipment -> {
            shipment.tracked(reported, trackingNumber, properties.transitBound(), clock.instant());
            save(shipment);
        });
    }

    private static ShipmentStatus statusOf(String courierStatus) {
        try {
            return courierStatus == null ? null : ShipmentStatus.valueOf(courierStatus);
        } catch (IllegalArgumentException unknown) {
            return null;
        }
    }

    /** What recording a courier answer made of the step. */
    enum Step {
        /** The step is over (answered, or no longer applies). */
        ANSWERED,
        /** The step goes on: ask the courier (next). */
        GOES_ON,
        /** No answer: ask again after {@code retry-after}. */
        DUE_AGAIN,
        /** The worker's lease passed on to another worker: nothing was written. */
        LEASE_LOST
    }

    /**
     * Records an answer of the worker holding {@code lease}, only while it still holds it: the work row is locked
     * first, so no other worker can take it over until this transaction ends; a worker whose lease passed on
     * (it stalled, and another took the row and asks the courier the same question under the same key) writes
     * nothing.
     */
    private Step holding(UUID shipmentId, Lease lease, String what, Function<Shipment, Step> change) {
        if (!workLeases.holds(lease)) {
            log.info("Courier answer for shipment {} ({}) from a worker whose lease (fence {}) passed on: not recorded",
                    shipmentId, what, lease.fence());
            return Step.LEASE_LOST;
        }
        Optional<Shipment> found = shipments.lock(shipmentId);
        if (found.isEmpty()) {
            return Step.ANSWERED;
        }
        Step step = change.apply(found.get());
        save(found.get());
        return step;
    }

    /**
     * The open step's work row ended without an answer (FAILED after its last attempt, or gone): a request that
     * needs it (a cancel asked again) asks anew, as a new row.
     */
    private void reviveLostWork(Shipment shipment, Instant now) {
        String key = shipment.courierWorkKey();
        if (key == null) {
            return;
        }
        boolean open = workQueue.find(COURIER_WORK, key)
                .map(item -> item.status() == WorkStatus.DUE || item.status() == WorkStatus.LEASED).orElse(false);
        if (!open) {
            log.warn("Courier work {} ended without an answer; asking anew where still needed", key);
            shipment.courierWorkLost(now);
        }
    }

    private ParcelBooking bookingOf(Shipment shipment) {
        Address address = shipment.addressJson() == null ? null
                : json.readValue(shipment.addressJson(), Address.class);
        return new ParcelBooking(shipment.id(), shipment.orderId(), address,
                json.readValue(shipment.parcelsJson(), ITEMS));
    }

    /**
     * Appends the history, publishes the events and enqueues the courier work the change caused, in this
     * transaction.
     */
    private void save(Shipment shipment) {
        shipment.takeHistory().forEach(entityManager::persist);
        shipment.takeEvents().forEach(outbox::publish);
        for (Shipment.WorkRequest request : shipment.takeWorkRequests()) {
            String payload = json.writeValueAsString(new CourierWorkHandler.Payload(request.shipmentId(),
                    request.work()));
            if (!workQueue.enqueue(COURIER_WORK, request.key(), payload, clock.instant(), properties.workAttempts())) {
                throw new IllegalStateException("Courier work " + request.key() + " was enqueued before");
            }
        }
    }
}
