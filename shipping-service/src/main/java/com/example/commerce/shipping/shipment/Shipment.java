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
 * <p>Courier work (a booking, or a cancellation when {@code cancelReason} is set) is due from
 * {@code nextAttemptAt} on: the row itself is the intent, written in the transaction of the event that caused
 * it, and a sweep performs it outside any transaction. The due time is only a schedule; who works on the row is
 * its lease ({@code leasedUntil}, {@code leaseOwner}) and its fencing token ({@code leaseToken}, one more on
 * every claim). A row is claimed only when it is due and not leased, so work that becomes due while a call is
 * in flight (a cancel during a booking) waits for that call's answer; an answer is recorded only while the
 * token it was claimed with is still the row's ({@link #holdsLease}), anything else is a late answer, noted
 * and ignored.
 *
 * <pre>
 *   CREATED --booked--> BOOKED --dispatched--> DISPATCHED --delivered--> DELIVERED
 *      |                  |                        |
 *      |                  +--cancelled at courier--+--> (too late: the courier has it -> DISPATCHED)
 *      +--refused / no answer within max age-------+--> FAILED   (also LOST_IN_TRANSIT past the transit bound)
 *      +--cancel before any booking / cancelled at the courier--> CANCELLED
 * </pre>
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

    @Column(name = "leased_until")
    private Instant leasedUntil;

    @Column(name = "lease_owner", length = 100)
    private String leaseOwner;

    @Column(name = "lease_token", nullable = false)
    private long leaseToken;

    @Column(name = "dispatched_at")
    private Instant dispatchedAt;

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
     * A cancellation was asked for an order whose confirmation this service has not seen (it cannot happen in
     * order, as OrderConfirmed comes first on the same topic): a shipment that was never booked, CANCELLED at
     * once, so the request is answered (ShipmentCancelled) and a late OrderConfirmed finds it and books nothing.
     */
    public static Shipment cancelledBeforeConfirmation(UUID orderId, String reason, Instant now) {
        Shipment shipment = new Shipment();
        shipment.id = Uuids.v7();
        shipment.orderId = orderId;
        shipment.status = ShipmentStatus.CREATED;
        shipment.parcelsJson = "[]";
        shipment.bookingKey = orderId + ":book";
        shipment.createdAt = now;
        shipment.updatedAt = now;
        shipment.cancelReason = reason;
        shipment.cancel(now, "Cancellation requested (" + reason + ") before the order's confirmation arrived; "
                + "nothing booked");
        return shipment;
    }

    /**
     * Takes the due courier work for {@code owner} for {@code lease}, with a new fencing token; null when none
     * is due any more (or another claim still holds the lease).
     */
    public Work claim(Instant now, Duration lease, String owner) {
        if (leased(now)) {
            return null;
        }
        Work work = null;
        if (nextAttemptAt != null && cancelReason != null && pending()) {
            work = Work.CANCEL;
        } else if (nextAttemptAt != null && status == ShipmentStatus.CREATED) {
            work = Work.BOOK;
            bookingAttempts++;
        } else if (nextAttemptAt != null && status == ShipmentStatus.FAILED) {
            work = Work.RELEASE;
        }
        if (work == null) {
            nextAttemptAt = null;
        } else {
            lease(now, lease, owner);
        }
        return work;
    }

    /** Takes a look-up at the courier (TRACK) for {@code owner}, with a new fencing token; false when leased. */
    public boolean claimTracking(Instant now, Duration lease, String owner) {
        if (leased(now) || !(status == ShipmentStatus.BOOKED || status == ShipmentStatus.DISPATCHED)) {
            return false;
        }
        trackedAt = now;
        lease(now, lease, owner);
        return true;
    }

    private void lease(Instant now, Duration lease, String owner) {
        leasedUntil = now.plus(lease);
        leaseOwner = owner;
        leaseToken++;
    }

    private boolean leased(Instant now) {
        return leasedUntil != null && leasedUntil.isAfter(now);
    }

    /**
     * Whether an answer of the work claimed with {@code token} may still be recorded: no claim came after it
     * (its lease may have run out meanwhile; nobody else took the row, so its answer is still the latest).
     */
    public boolean holdsLease(long token) {
        return leasedUntil != null && leaseToken == token;
    }

    /** The claim's work is answered: the row is free for the next claim (work that became due meanwhile). */
    public void endLease() {
        leasedUntil = null;
        leaseOwner = null;
    }

    /** An answer of a claim that is no longer the row's: noted, nothing else changes. */
    public void lateAnswer(long token, String what, Instant now) {
        record("LATE_ANSWER", "Answer of an earlier claim (token " + token + ", now " + leaseToken + ") ignored: "
                + what, now, false);
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

    /**
     * The confirmed order asks to end (OrderCancellationRequested): cancel what is not dispatched yet; the
     * answer is ShipmentCancelled once the courier cancelled (at once before any booking), or ShipmentDispatched
     * if the courier already has the parcel. Dispatched, delivered, failed or cancelled already: recorded as
     * ignored (the order has heard of that already). A repeat is the same request: recorded, nothing else.
     */
    public void cancellationRequested(String reason, Instant now) {
        requestCancel("Cancellation requested", reason, now);
    }

    /**
     * The order was cancelled (OrderCancelled: after our ShipmentCancelled, for an order never confirmed, or
     * from a producer before the cancellation request): the same as a request; for a CANCELLED shipment a no-op.
     */
    public void orderCancelled(String reason, Instant now) {
        requestCancel("Order cancelled", reason, now);
    }

    private void requestCancel(String what, String reason, Instant now) {
        if (!pending()) {
            record("CANCEL_IGNORED", what + " (" + reason + ") but the shipment is " + status
                    + ": nothing to cancel", now, false);
            return;
        }
        if (cancelReason != null) {
            record("CANCEL_REPEATED", what + " (" + reason + ") again: the cancellation is under way", now, false);
            return;
        }
        cancelReason = reason;
        updatedAt = now;
        if (status == ShipmentStatus.CREATED && bookingAttempts == 0) {
            cancel(now, what + " (" + reason + ") before any booking");
            return;
        }
        nextAttemptAt = now;
        record("CANCEL_REQUESTED", what + " (" + reason + "); cancelling the booking at the courier", now, true);
    }

    /** The courier cancelled the booking (or there was none to cancel). */
    public void courierCancelled(Instant now) {
        if (cancelReason != null && pending()) {
            cancel(now, "Booking cancelled at the courier");
        }
    }

    /**
     * The courier refused to cancel: it has the parcel. Its word is enough: the shipment moves to DISPATCHED at
     * once (ShipmentDispatched, so the order learns the cancel is refused) rather than waiting for a callback
     * that may be lost. {@code tracked} is what the courier's tracking says now (DELIVERED or FAILED apply as
     * such; anything else, or null when it could not tell, means dispatched), {@code at} when.
     */
    public void courierCancelTooLate(ShipmentStatus tracked, String tracking, Instant at, Instant now) {
        if (cancelReason != null && pending()) {
            cancelReason = null;
            nextAttemptAt = null;
            updatedAt = now;
            record("CANCEL_REFUSED", "The courier could not cancel: it has the parcel already", now, false);
            ShipmentStatus reported = tracked == ShipmentStatus.DELIVERED || tracked == ShipmentStatus.FAILED
                    ? tracked : ShipmentStatus.DISPATCHED;
            courierReported(reported, courier, bookingId, tracking != null ? tracking : trackingNumber, null, at,
                    now);
        }
    }

    /**
     * What the courier's tracking says of a booked or dispatched shipment (its callbacks may have been lost):
     * {@code reported} (null: the courier does not know the booking) applies when it moves the shipment
     * forward. A parcel dispatched longer than {@code transitBound} ago that the courier still reports
     * dispatched, or does not know, is lost: FAILED (LOST_IN_TRANSIT), so the order is cancelled and refunded.
     */
    public void tracked(ShipmentStatus reported, String tracking, Duration transitBound, Instant now) {
        if (reported != null && status.before(reported) && (reported == ShipmentStatus.DISPATCHED
                || reported == ShipmentStatus.DELIVERED || reported == ShipmentStatus.FAILED)) {
            courierReported(reported, courier, bookingId, tracking, null, now, now);
            return;
        }
        if (status == ShipmentStatus.DISPATCHED && dispatchedAt != null
                && !now.isBefore(dispatchedAt.plus(transitBound))) {
            fail("LOST_IN_TRANSIT", "Not delivered within the transit bound of " + transitBound + " after dispatch; "
                    + "the courier reports " + (reported == null ? "nothing we know of" : reported), now);
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
        dispatchedAt = at;
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

    public long leaseToken() {
        return leaseToken;
    }

    public Instant leasedUntil() {
        return leasedUntil;
    }

    public Instant dispatchedAt() {
        return dispatchedAt;
    }
}
