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
 * <p>Courier work (a booking, a cancellation, a release) is a {@code work_item} of service-starter's reliable
 * outbound work, enqueued in the transaction that decides it: the shipment names the step it asked for
 * ({@link #courierWork()}, with a count per step, so a step asked again gets a new row) and hands the request to
 * the application service ({@link #takeWorkRequests()}). At most one step is open at a time: work that becomes
 * due while a step is open (a cancel while a booking is asked) is only recorded, and requested when the open
 * step is answered ({@link #stepAnswered}), in the transaction that records that answer. So a cancel never
 * reaches the courier while the booking call of the same shipment is in flight.
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
     * A step of courier work. RELEASE: the shipment failed for want of an answer after a booking was asked for,
     * so the courier may hold a booking we never heard of; it is looked up by the same key and cancelled.
     */
    public enum Work { BOOK, CANCEL, RELEASE }

    /**
     * Courier work the shipment asks for: the application service enqueues it under {@link #key()} in the
     * transaction that made the change.
     *
     * @param n which request of this step it is (1 for the first), so a step asked again is a new row
     */
    public record WorkRequest(UUID shipmentId, Work work, int n) {

        /** {@code <shipmentId>:<step>:<n>}. */
        public String key() {
            return shipmentId + ":" + work + ":" + n;
        }
    }

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

    @Column(name = "cancel_reason", length = 60)
    private String cancelReason;

    @Column(name = "tracked_at")
    private Instant trackedAt;

    @Column(name = "failure_reason", length = 200)
    private String failureReason;

    /** The step of courier work asked for and not answered yet; null when none is open. */
    @Enumerated(EnumType.STRING)
    @Column(name = "courier_work", length = 10)
    private Work courierWork;

    @Column(name = "book_requests", nullable = false)
    private int bookRequests;

    @Column(name = "cancel_requests", nullable = false)
    private int cancelRequests;

    @Column(name = "release_requests", nullable = false)
    private int releaseRequests;

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

    @Transient
    private final List<WorkRequest> workRequests = new ArrayList<>();

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
            shipment.requestWork(Work.BOOK);
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
     * A worker takes up the open step {@code step}: whether it should ask the courier now. False when the step
     * no longer applies (the shipment was cancelled before any booking, the courier reported a dispatch, a cancel
     * takes over from a booking): the step is over then, and what is due next is requested. Taking up a booking
     * counts it as asked for, so a cancel from now on goes through the courier.
     */
    public boolean takeUp(Work step, Instant now) {
        if (courierWork != step) {
            return false;
        }
        boolean applies = switch (step) {
            case BOOK -> status == ShipmentStatus.CREATED && cancelReason == null;
            case CANCEL -> cancelReason != null && pending();
            case RELEASE -> status == ShipmentStatus.FAILED;
        };
        if (!applies) {
            stepAnswered(step, now);
            return false;
        }
        if (step == Work.BOOK) {
            bookingAttempts++;
            updatedAt = now;
        }
        return true;
    }

    /**
     * The open step {@code step} is answered (or no longer applies): no step is open any more, and the next one
     * is requested when the shipment needs it (a cancel that waited for a booking's answer).
     */
    public void stepAnswered(Work step, Instant now) {
        if (courierWork != step) {
            return;
        }
        courierWork = null;
        if (cancelReason != null && pending()) {
            requestWork(Work.CANCEL);
        }
    }

    /**
     * The open step's work row ended without an answer (it ran out of attempts): no step is open any more, and
     * what the shipment still needs is asked for again as a new request (a cancel). Noted in the history.
     */
    public void courierWorkLost(Instant now) {
        if (courierWork == null) {
            return;
        }
        Work lost = courierWork;
        record("COURIER_WORK_FAILED", lost + " at the courier gave up without an answer", now, false);
        courierWork = null;
        if (cancelReason != null && pending()) {
            requestWork(Work.CANCEL);
        } else if (lost == Work.RELEASE && status == ShipmentStatus.FAILED) {
            requestWork(Work.RELEASE);
        }
    }

    /**
     * Whether the courier's tracking should be asked where it is (booked or dispatched, no courier work open):
     * if so, the look-up is noted as made now.
     */
    public boolean lookUp(Instant now) {
        if (courierWork != null || !(status == ShipmentStatus.BOOKED || status == ShipmentStatus.DISPATCHED)) {
            return false;
        }
        trackedAt = now;
        return true;
    }

    private void requestWork(Work step) {
        int n = switch (step) {
            case BOOK -> ++bookRequests;
            case CANCEL -> ++cancelRequests;
            case RELEASE -> ++releaseRequests;
        };
        courierWork = step;
        workRequests.add(new WorkRequest(id, step, n));
    }

    /** The courier booked it (the answer to a booking, or to a cancellation's look-up by the same key). */
    public void booked(String courierName, String courierBookingId, String tracking, Instant now) {
        if (bookingId == null) {
            bookingId = courierBookingId;
        }
        if (status != ShipmentStatus.CREATED) {
            return;
        }
        status = ShipmentStatus.BOOKED;
        courier = courierName;
        trackingNumber = tracking;
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
     * The booking got no answer. It is asked again (true) unless the shipment is older than {@code maxAge} or
     * this was the booking's last attempt, when it fails (COURIER_UNAVAILABLE) and what the courier may have
     * booked meanwhile is released; or unless a cancel came meanwhile, which takes over (it asks the same booking
     * question and cancels what it finds).
     *
     * @return whether the booking is due again
     */
    public boolean bookingUnanswered(String why, Instant now, Duration maxAge, boolean lastAttempt) {
        if (courierWork != Work.BOOK) {
            return false;
        }
        if (status != ShipmentStatus.CREATED || cancelReason != null) {
            stepAnswered(Work.BOOK, now);
            return false;
        }
        if (lastAttempt || now.isAfter(createdAt.plus(maxAge))) {
            fail("COURIER_UNAVAILABLE", "No booking within " + maxAge + ": " + why, now);
            // An unanswered booking may still have been made: release it once the courier answers.
            courierWork = null;
            requestWork(Work.RELEASE);
            return false;
        }
        updatedAt = now;
        return true;
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
        record("CANCEL_REQUESTED", what + " (" + reason + "); cancelling the booking at the courier", now, true);
        if (courierWork == null) {
            requestWork(Work.CANCEL);
        }
    }

    /** The courier cancelled the booking (or there was none to cancel). */
    public void courierCancelled(Instant now) {
        if (cancelReason != null && pending()) {
            cancel(now, "Booking cancelled at the courier");
        }
        stepAnswered(Work.CANCEL, now);
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
            updatedAt = now;
            record("CANCEL_REFUSED", "The courier could not cancel: it has the parcel already", now, false);
            ShipmentStatus reported = tracked == ShipmentStatus.DELIVERED || tracked == ShipmentStatus.FAILED
                    ? tracked : ShipmentStatus.DISPATCHED;
            courierReported(reported, courier, bookingId, tracking != null ? tracking : trackingNumber, null, at,
                    now);
        }
        stepAnswered(Work.CANCEL, now);
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
        if (courierWork == Work.RELEASE) {
            updatedAt = now;
            record("RELEASED", outcome, now, false);
            stepAnswered(Work.RELEASE, now);
        }
    }

    /**
     * The cancel has learnt the booking (by asking the booking question again): whether it still goes on to
     * cancel it at the courier. False when that answer ended it (a refusal: nothing to cancel), which ends the
     * step.
     */
    public boolean cancelStillApplies(Instant now) {
        if (courierWork == Work.CANCEL && cancelReason != null && pending()) {
            return true;
        }
        stepAnswered(Work.CANCEL, now);
        return false;
    }

    /**
     * The cancellation got no answer.
     *
     * @return whether it is due again (false: it no longer applies, say the courier reported the dispatch)
     */
    public boolean cancelUnanswered(Instant now) {
        if (courierWork != Work.CANCEL) {
            return false;
        }
        if (cancelReason != null && pending()) {
            updatedAt = now;
            return true;
        }
        stepAnswered(Work.CANCEL, now);
        return false;
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
        updatedAt = now;
        record("FAILED", description, now, true);
        events.add(new ShipmentFailed(orderId, id, reason, now));
    }

    private void cancel(Instant now, String description) {
        status = ShipmentStatus.CANCELLED;
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

    /** The courier work this change asked for, once: the application service enqueues it. */
    public List<WorkRequest> takeWorkRequests() {
        List<WorkRequest> taken = List.copyOf(workRequests);
        workRequests.clear();
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

    /** The open step of courier work, or null. */
    public Work courierWork() {
        return courierWork;
    }

    /** The key of the open step's work row, or null when none is open. */
    public String courierWorkKey() {
        if (courierWork == null) {
            return null;
        }
        int n = switch (courierWork) {
            case BOOK -> bookRequests;
            case CANCEL -> cancelRequests;
            case RELEASE -> releaseRequests;
        };
        return new WorkRequest(id, courierWork, n).key();
    }

    public int bookingAttempts() {
        return bookingAttempts;
    }

    public Instant dispatchedAt() {
        return dispatchedAt;
    }
}
