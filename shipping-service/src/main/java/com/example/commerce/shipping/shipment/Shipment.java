package com.example.commerce.shipping.shipment;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import com.example.commerce.starter.outbox.Uuids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Transient;
import jakarta.persistence.Version;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * One order's shipment and its state machine: CREATED (booking at the courier due) -> BOOKED -> DISPATCHED ->
 * DELIVERED, or FAILED, or CANCELLED before dispatch. Each method decides whether what happened still applies,
 * changes the state, and records the events to publish and the tracking history to append; what no longer
 * applies is recorded in the history as ignored, never thrown.
 *
 * <p>Courier work (a booking, or a cancellation when {@code cancelReason} is set) is due while
 * {@code nextAttemptAt} is set: the row itself is the intent, written in the transaction of the event that
 * caused it, and a sweep performs it outside any transaction.
 */
@Entity
@Table(name = "shipment")
public class Shipment {

    /**
     * The courier work a claimed shipment needs. RELEASE: the shipment failed for want of an answer after a
     * booking was asked for, so the courier may hold a booking we never heard of; it is looked up by the same
     * key and cancelled.
     */
    public enum Work { BOOK, CANCEL, RELEASE, TRACK }

    @Id
    private UUID id;

    @Column(name = "order_id", nullable = false, updatable = false)
    private UUID orderId;

    @Column(name = "customer_id")
    private UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private ShipmentStatus status;

    @Column(length = 40)
    private String courier;

    @Column(name = "tracking_number", length = 100)
    private String trackingNumber;

    @Column(name = "address_json")
    private String addressJson;

    @Column(name = "parcels_json", nullable = false)
    private String parcelsJson;

    @Column(name = "booking_key", length = 120)
    private String bookingKey;

    @Column(name = "booking_id", length = 100)
    private String bookingId;

    @Column(name = "booking_attempts", nullable = false)
    private int bookingAttempts;

    @Column(name = "next_attempt_at")
    private Instant nextAttemptAt;

    @Column(name = "cancel_reason", length = 60)
    private String cancelReason;

    @Column(name = "tracked_at")
    private Instant trackedAt;

    @Column(name = "failure_reason", length = 200)
    private String failureReason;

    @Column(name = "created_at", nullable = false, updatable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private Long version;

    @Transient
    private final List<IntegrationEvent> events = new ArrayList<>();

    @Transient
    private final List<TrackingEvent> history = new ArrayList<>();

    protected Shipment() {
    }

    /**
     * A shipment for a confirmed order, its booking due now. Without an address it cannot be booked: it fails
     * at once (NO_SHIPPING_ADDRESS).
     */
    public static Shipment create(UUID orderId, UUID customerId, String addressJson, String parcelsJson,
                                  Instant now) {
        Shipment shipment = new Shipment();
        shipment.id = Uuids.v7();
        shipment.orderId = orderId;
        shipment.customerId = customerId;
        shipment.status = ShipmentStatus.CREATED;
        shipment.addressJson = addressJson;
        shipment.parcelsJson = parcelsJson;
        shipment.bookingKey = orderId + ":book";
        shipment.createdAt = now;
        shipment.updatedAt = now;
        shipment.record("CREATED", "Order confirmed; booking at the courier", now, true);
        if (addressJson == null) {
            shipment.fail("NO_SHIPPING_ADDRESS", "The order has no shipping address to book", now);
        } else {
            shipment.nextAttemptAt = now;
        }
        return shipment;
    }

    /**
     * Takes the due courier work for this instance for {@code lease}; null when none is due any more.
     */
    public Work claim(Instant now, Duration lease) {
        Work work = null;
        if (nextAttemptAt != null && cancelReason != null && pending()) {
            work = Work.CANCEL;
        } else if (nextAttemptAt != null && status == ShipmentStatus.CREATED) {
            work = Work.BOOK;
            bookingAttempts++;
        } else if (nextAttemptAt != null && status == ShipmentStatus.FAILED) {
            work = Work.RELEASE;
        }
        nextAttemptAt = work == null ? null : now.plus(lease);
        return work;
    }

    /** The courier booked it (the answer to a booking, or to a cancellation's look-up by the same key). */
    public void booked(String courierName, String courierBookingId, String tracking, Instant now) {
        if (bookingId == null) {
            bookingId = courierBookingId;
        }
        if (status != ShipmentStatus.CREATED) {
            if (status == ShipmentStatus.FAILED && nextAttemptAt == null && failureReason.equals("COURIER_UNAVAILABLE")
                    && courierBookingId != null) {
                // A late answer: the courier booked after we gave up. Release that booking too.
                nextAttemptAt = now;
            }
            return;
        }
        status = ShipmentStatus.BOOKED;
        courier = courierName;
        trackingNumber = tracking;
        nextAttemptAt = cancelReason != null ? now : null;
        updatedAt = now;
        record("BOOKED", "Booked with " + courierName + ", tracking number " + tracking, now, true);
        events.add(new ShipmentCreated(orderId, id, courierName, tracking, now));
    }

    /** The courier refused the booking for good. */
    public void refused(String code, String reason, Instant now) {
        if (status != ShipmentStatus.CREATED) {
            return;
        }
        if (cancelReason != null) {
            cancel(now, "The courier refused the booking (" + code + "); nothing to cancel");
            return;
        }
        fail("COURIER_REFUSED", "The courier refused the booking: " + code + " " + reason, now);
    }

    /**
     * The booking got no answer: due again after {@code retryAfter}, unless the shipment is older than
     * {@code maxAge}, when it fails (COURIER_UNAVAILABLE).
     */
    public void bookingUnanswered(String why, Instant now, Duration retryAfter, Duration maxAge) {
        if (status != ShipmentStatus.CREATED) {
            return;
        }
        if (cancelReason == null && now.isAfter(createdAt.plus(maxAge))) {
            fail("COURIER_UNAVAILABLE", "No booking within " + maxAge + ": " + why, now);
            // An unanswered booking may still have been made: release it once the courier answers.
            nextAttemptAt = bookingAttempts > 0 ? now : null;
            return;
        }
        nextAttemptAt = now.plus(retryAfter);
        updatedAt = now;
    }

    /** The order was cancelled: cancel what is not dispatched yet. */
    public void orderCancelled(String reason, Instant now) {
        if (!pending()) {
            record("CANCEL_IGNORED", "Order cancelled (" + reason + ") but the shipment is " + status
                    + ": nothing to cancel", now, false);
            return;
        }
        if (cancelReason != null) {
            return;
        }
        cancelReason = reason;
        updatedAt = now;
        if (status == ShipmentStatus.CREATED && bookingAttempts == 0) {
            cancel(now, "Order cancelled (" + reason + ") before any booking");
            return;
        }
        nextAttemptAt = now;
        record("CANCEL_REQUESTED", "Order cancelled (" + reason + "); cancelling the booking at the courier", now,
                true);
    }

    /** The courier cancelled the booking (or there was none to cancel). */
    public void courierCancelled(Instant now) {
        if (cancelReason != null && pending()) {
            cancel(now, "Booking cancelled at the courier");
        }
    }

    /** The courier refused to cancel: the parcel is already dispatched; its callback moves the shipment on. */
    public void courierCancelTooLate(Instant now) {
        if (cancelReason != null && pending()) {
            cancelReason = null;
            nextAttemptAt = null;
            updatedAt = now;
            record("CANCEL_REFUSED", "The courier could not cancel: the parcel is already dispatched", now, false);
        }
    }

    /** What releasing a failed shipment's possible booking found: nothing, a cancelled booking, or a dispatched one. */
    public void released(String outcome, Instant now) {
        if (status == ShipmentStatus.FAILED && nextAttemptAt != null) {
            nextAttemptAt = null;
            updatedAt = now;
            record("RELEASED", outcome, now, false);
        }
    }

    /** Releasing got no answer: due again after {@code retryAfter}. */
    public void releaseUnanswered(Instant now, Duration retryAfter) {
        if (status == ShipmentStatus.FAILED && nextAttemptAt != null) {
            nextAttemptAt = now.plus(retryAfter);
        }
    }

    /** The cancellation got no answer: due again after {@code retryAfter}. */
    public void cancelUnanswered(Instant now, Duration retryAfter) {
        if (cancelReason != null && pending()) {
            nextAttemptAt = now.plus(retryAfter);
            updatedAt = now;
        }
    }

    /**
     * The courier reported a status. A status that moves the shipment forward applies (with the steps it
     * implies: a delivery implies the dispatch, either implies the booking); anything else is recorded as
     * ignored. A dispatch overtakes a cancellation still in flight.
     */
    public void courierReported(ShipmentStatus reported, String courierName, String courierBookingId,
                                String tracking, String reason, Instant at, Instant now) {
        if (!status.before(reported)) {
            record(reported.name(), "Late courier update ignored: the shipment is " + status, at, false);
            return;
        }
        if (status == ShipmentStatus.CREATED) {
            booked(courierName, courierBookingId, tracking, at);
        }
        if (cancelReason != null) {
            record("CANCEL_REFUSED", "The courier reported " + reported + " before the cancellation took effect",
                    at, false);
            cancelReason = null;
        }
        nextAttemptAt = null;
        updatedAt = now;
        switch (reported) {
            case DISPATCHED -> dispatch(at, "Picked up by the courier");
            case DELIVERED -> {
                if (status == ShipmentStatus.BOOKED) {
                    dispatch(at, "Picked up by the courier (implied by the delivery)");
                }
                status = ShipmentStatus.DELIVERED;
                record("DELIVERED", "Delivered", at, true);
                events.add(new ShipmentDelivered(orderId, id, at));
            }
            case FAILED -> fail(reason == null || reason.isBlank() ? "COURIER_FAILED" : reason,
                    "The courier reported the shipment failed" + (reason == null ? "" : ": " + reason), at);
            default -> throw new IllegalArgumentException("not a courier update: " + reported);
        }
    }

    private void dispatch(Instant at, String description) {
        status = ShipmentStatus.DISPATCHED;
        record("DISPATCHED", description, at, true);
        events.add(new ShipmentDispatched(orderId, id, at));
    }

    private void fail(String reason, String description, Instant now) {
        status = ShipmentStatus.FAILED;
        failureReason = reason;
        nextAttemptAt = null;
        updatedAt = now;
        record("FAILED", description, now, true);
        events.add(new ShipmentFailed(orderId, id, reason, now));
    }

    private void cancel(Instant now, String description) {
        status = ShipmentStatus.CANCELLED;
        nextAttemptAt = null;
        updatedAt = now;
        record("CANCELLED", description, now, true);
        events.add(new ShipmentCancelled(orderId, id, cancelReason, now));
    }

    /** The courier is asked where this shipment is (its callbacks may have been lost); not again before the next period. */
    public void trackingAsked(Instant now) {
        trackedAt = now;
    }

    /** Whether the courier's {@code reported} status would move this shipment forward. */
    public boolean movedForwardBy(ShipmentStatus reported) {
        return status.before(reported);
    }

    /** Not dispatched and not over: a cancellation still applies. */
    private boolean pending() {
        return status == ShipmentStatus.CREATED || status == ShipmentStatus.BOOKED;
    }

    /** Records something that happened without touching the state (a repeated event, say). */
    public void note(String what, String description, Instant now) {
        record(what, description, now, false);
    }

    private void record(String what, String description, Instant at, boolean applied) {
        history.add(new TrackingEvent(id, what, description, at, applied));
    }

    /** The events this change caused, once: the application service hands them to the outbox. */
    public List<IntegrationEvent> takeEvents() {
        List<IntegrationEvent> taken = List.copyOf(events);
        events.clear();
        return taken;
    }

    /** The history lines this change added, once: the application service appends them. */
    public List<TrackingEvent> takeHistory() {
        List<TrackingEvent> taken = List.copyOf(history);
        history.clear();
        return taken;
    }

    public UUID id() {
        return id;
    }

    public UUID orderId() {
        return orderId;
    }

    public UUID customerId() {
        return customerId;
    }

    public ShipmentStatus status() {
        return status;
    }

    public String courier() {
        return courier;
    }

    public String trackingNumber() {
        return trackingNumber;
    }

    public String addressJson() {
        return addressJson;
    }

    public String parcelsJson() {
        return parcelsJson;
    }

    public String bookingKey() {
        return bookingKey;
    }

    public String bookingId() {
        return bookingId;
    }

    public String failureReason() {
        return failureReason;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
