package com.example.commerce.shipping.saga;

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
    private final Clock clock = Clock.systemUTC();

    ShipmentSaga(Shipments shipments, CancelledOrders tombstones, Outbox outbox, EntityManager entityManager,
                 JsonMapper json, Courier courier, CourierProperties properties, CourierWorkSignal signal) {
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
            existing.get().note("CONFIRMATION_REPEATED", "OrderConfirmed again: the order has this shipment", now);
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

    /** Claims up to {@code limit} shipments whose courier work is due, for this instance, for the lease. */
    @Transactional
    List<CourierTask> claimDue(int limit) {
        Instant now = clock.instant();
        List<CourierTask> tasks = new ArrayList<>();
        for (UUID id : shipments.lockDue(now, limit)) {
            Shipment shipment = shipments.findById(id).orElseThrow();
            Shipment.Work work = shipment.claim(now, properties.lease());
            if (work != null) {
                tasks.add(new CourierTask(id, work, shipment.bookingKey(), shipment.bookingId(), bookingOf(shipment)));
            }
        }
        return tasks;
    }

    /** Claims up to {@code limit} booked or dispatched shipments the courier has said nothing about for a while. */
    @Transactional
    List<CourierTask> claimUnheardOf(int limit) {
        Instant now = clock.instant();
        List<CourierTask> tasks = new ArrayList<>();
        for (UUID id : shipments.lockUnheardOf(now.minus(properties.trackAfter()), limit)) {
            Shipment shipment = shipments.findById(id).orElseThrow();
            shipment.trackingAsked(now);
            tasks.add(new CourierTask(id, Shipment.Work.TRACK, shipment.bookingKey(), shipment.bookingId(), null));
        }
        return tasks;
    }

    /** What the courier says when asked: applied only when it moves the shipment forward (a lost callback). */
    @Transactional
    void tracked(UUID shipmentId, Courier.Tracked tracked) {
        ShipmentStatus reported;
        try {
            reported = ShipmentStatus.valueOf(tracked.status());
        } catch (IllegalArgumentException | NullPointerException unknown) {
            return;
        }
        if (reported != ShipmentStatus.DISPATCHED && reported != ShipmentStatus.DELIVERED
                && reported != ShipmentStatus.FAILED) {
            return;
        }
        withShipment(shipmentId, shipment -> {
            if (shipment.movedForwardBy(reported)) {
                Instant now = clock.instant();
                shipment.courierReported(reported, courier.name(), shipment.bookingId(), tracked.trackingNumber(),
                        null, now, now);
            }
        });
    }

    @Transactional
    void bookingAnswered(UUID shipmentId, BookingResult result) {
        withShipment(shipmentId, shipment -> {
            Instant now = clock.instant();
            switch (result) {
                case BookingResult.Booked booked ->
                        shipment.booked(courier.name(), booked.bookingId(), booked.trackingNumber(), now);
                case BookingResult.Refused refused -> shipment.refused(refused.code(), refused.reason(), now);
            }
        });
    }

    @Transactional
    void bookingUnanswered(UUID shipmentId, String why) {
        withShipment(shipmentId, shipment -> shipment.bookingUnanswered(why, clock.instant(), properties.retryAfter(),
                properties.maxAge()));
    }

    @Transactional
    void cancelAnswered(UUID shipmentId, Courier.CancelResult result) {
        withShipment(shipmentId, shipment -> {
            if (result == Courier.CancelResult.CANCELLED) {
                shipment.courierCancelled(clock.instant());
            } else {
                shipment.courierCancelTooLate(clock.instant());
            }
        });
    }

    @Transactional
    void released(UUID shipmentId, String outcome) {
        withShipment(shipmentId, shipment -> shipment.released(outcome, clock.instant()));
    }

    @Transactional
    void releaseUnanswered(UUID shipmentId) {
        withShipment(shipmentId, shipment -> shipment.releaseUnanswered(clock.instant(), properties.retryAfter()));
    }

    @Transactional
    void cancelUnanswered(UUID shipmentId) {
        withShipment(shipmentId, shipment -> shipment.cancelUnanswered(clock.instant(), properties.retryAfter()));
    }

    private void withShipment(UUID shipmentId, Consumer<Shipment> change) {
        shipments.lock(shipmentId).ifPresent(shipment -> {
            change.accept(shipment);
            save(shipment);
        });
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
