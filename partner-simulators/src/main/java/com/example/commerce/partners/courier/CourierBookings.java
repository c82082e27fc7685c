package com.example.commerce.partners.courier;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

/**
 * The courier's book of parcels, in memory. Bookings are made once per idempotency key (a refusal too is
 * remembered per key, so asking again gets the same answer), move BOOKED -> DISPATCHED -> DELIVERED or
 * FAILED by themselves when {@code autoAdvance} is on (or by hand), and every change is called back to the
 * booking's callback URL. Thread-safe: changes of the book are serialised on this object.
 */
@Component
public class CourierBookings implements DisposableBean {

    /** The postal code the courier never serves: a booking to it is refused for good. */
    public static final String UNSERVED_POSTAL_CODE = "00000";

    /** What a booking request gets: a booking, or a refusal for good. */
    public sealed interface Outcome permits Booked, Refused {
    }

    public record Booked(Booking booking) implements Outcome {
    }

    public record Refused(String code, String reason) implements Outcome {
    }

    /** A booking request in the courier's words. */
    public record BookingRequest(String reference, String orderReference, Map<String, Object> address,
                                 List<Booking.Parcel> parcels, String callbackUrl) {
    }

    /** A change that the booking's state does not allow, such as cancelling a dispatched parcel. */
    public static final class IllegalTransitionException extends RuntimeException {
        IllegalTransitionException(String message) {
            super(message);
        }
    }

    private final Map<String, Booking> bookings = new ConcurrentHashMap<>();
    private final Map<String, Outcome> outcomesByKey = new ConcurrentHashMap<>();
    /** The W3C trace context each booking was made in, sent back with its callbacks (see {@link CourierCallbacks}). */
    private final Map<String, String> traceparents = new ConcurrentHashMap<>();
    private static final Pattern TRACEPARENT = Pattern.compile("[0-9a-f]{2}-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}");
    private final AtomicReference<CourierBehaviour> behaviour;
    private final AtomicLong trackingSequence = new AtomicLong(100_000);
    private final CourierProperties properties;
    private final CourierCallbacks callbacks;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("courier-advance").daemon().factory());

    @Autowired
    public CourierBookings(CourierProperties properties, CourierCallbacks callbacks) {
        this(properties, callbacks, Clock.systemUTC());
    }

    CourierBookings(CourierProperties properties, CourierCallbacks callbacks, Clock clock) {
        this.properties = properties;
        this.callbacks = callbacks;
        this.clock = clock;
        this.behaviour = new AtomicReference<>(properties.defaults());
    }

    public CourierBehaviour behaviour() {
        return behaviour.get();
    }

    public CourierBehaviour changeBehaviour(CourierBehaviour update) {
        return behaviour.updateAndGet(current -> current.with(update));
    }

    /** Behaviour back to its defaults; with {@code ledger}, every booking forgotten too. */
    public synchronized void reset(boolean ledger) {
        behaviour.set(properties.defaults());
        if (ledger) {
            bookings.clear();
            outcomesByKey.clear();
            traceparents.clear();
        }
    }

    /** Books {@code request} once per {@code idempotencyKey}: the same key again gets the first answer. */
    public synchronized Outcome book(String idempotencyKey, BookingRequest request) {
        return book(idempotencyKey, request, null);
    }

    /** As {@link #book(String, BookingRequest)}, remembering the {@code traceparent} the booking came with. */
    public synchronized Outcome book(String idempotencyKey, BookingRequest request, String traceparent) {
        Outcome earlier = outcomesByKey.get(idempotencyKey);
        if (earlier != null) {
            return earlier instanceof Booked booked ? new Booked(bookings.get(booked.booking().bookingId())) : earlier;
        }
        CourierBehaviour now = behaviour.get();
        Outcome outcome;
        Object postalCode = request.address() == null ? null : request.address().get("postalCode");
        if (UNSERVED_POSTAL_CODE.equals(postalCode)) {
            outcome = new Refused("ADDRESS_NOT_SERVED", "We do not deliver to postal code " + postalCode);
        } else if (ThreadLocalRandom.current().nextDouble() < now.refuseRate()) {
            outcome = new Refused("CAPACITY_EXHAUSTED", "No capacity for this parcel");
        } else {
            Instant at = clock.instant();
            Booking booking = new Booking(UUID.randomUUID().toString(), "SIM" + trackingSequence.incrementAndGet(),
                    request.reference(), request.orderReference(), request.address(),
                    request.parcels() == null ? List.of() : List.copyOf(request.parcels()), request.callbackUrl(),
                    BookingStatus.BOOKED, idempotencyKey, at, at);
            bookings.put(booking.bookingId(), booking);
            if (traceparent != null && TRACEPARENT.matcher(traceparent).matches()) {
                traceparents.put(booking.bookingId(), traceparent);
            }
            outcome = new Booked(booking);
            if (now.autoAdvance()) {
                later(now.dispatchAfterMs(), booking.bookingId(), BookingStatus.BOOKED, BookingStatus.DISPATCHED);
            }
        }
        outcomesByKey.put(idempotencyKey, outcome);
        return outcome;
    }

    public Optional<Booking> find(String bookingId) {
        return Optional.ofNullable(bookings.get(bookingId));
    }

    /** Bookings whose reference or order reference is {@code reference}, oldest first. */
    public List<Booking> findByReference(String reference) {
        List<Booking> found = new ArrayList<>();
        for (Booking booking : bookings.values()) {
            if (reference.equals(booking.reference()) || reference.equals(booking.orderReference())) {
                found.add(booking);
            }
        }
        found.sort(Comparator.comparing(Booking::createdAt));
        return found;
    }

    /**
     * Cancels a booking that is not picked up yet; cancelling a cancelled one again is the same answer.
     *
     * @throws IllegalTransitionException once it is dispatched (or over)
     */
    public synchronized Optional<Booking> cancel(String bookingId) {
        Booking booking = bookings.get(bookingId);
        if (booking == null) {
            return Optional.empty();
        }
        if (booking.status() == BookingStatus.CANCELLED) {
            return Optional.of(booking);
        }
        if (booking.status() != BookingStatus.BOOKED) {
            throw new IllegalTransitionException("Booking " + bookingId + " is " + booking.status()
                    + "; only a booking not yet dispatched can be cancelled");
        }
        Booking cancelled = booking.withStatus(BookingStatus.CANCELLED, clock.instant());
        bookings.put(bookingId, cancelled);
        return Optional.of(cancelled);
    }

    /**
     * Moves a booking on by hand: DISPATCHED from BOOKED; DELIVERED or FAILED from BOOKED or DISPATCHED.
     *
     * @throws IllegalTransitionException for any other move
     */
    public Optional<Booking> advance(String bookingId, BookingStatus next) {
        Booking booking = bookings.get(bookingId);
        if (booking == null) {
            return Optional.empty();
        }
        return Optional.of(move(bookingId, booking.status(), next, true));
    }

    private synchronized Booking move(String bookingId, BookingStatus expected, BookingStatus next, boolean byHand) {
        Booking booking = bookings.get(bookingId);
        if (booking == null || booking.status() != expected) {
            if (byHand) {
                throw new IllegalTransitionException("Booking " + bookingId + " changed meanwhile");
            }
            return booking;
        }
        boolean allowed = switch (next) {
            case DISPATCHED -> expected == BookingStatus.BOOKED;
            case DELIVERED, FAILED -> expected == BookingStatus.BOOKED || expected == BookingStatus.DISPATCHED;
            default -> false;
        };
        if (!allowed) {
            throw new IllegalTransitionException("Booking " + bookingId + " is " + expected + "; it cannot become "
                    + next);
        }
        Booking moved = booking.withStatus(next, clock.instant());
        bookings.put(bookingId, moved);
        CourierBehaviour now = behaviour.get();
        if (now.callbacks()) {
            callbacks.statusChanged(moved, next == BookingStatus.FAILED ? "LOST_IN_TRANSIT" : null,
                    traceparents.get(moved.bookingId()));
        }
        if (next == BookingStatus.DISPATCHED && now.autoAdvance()) {
            boolean lost = ThreadLocalRandom.current().nextDouble() < now.failureRate();
            later(now.deliverAfterMs(), bookingId, BookingStatus.DISPATCHED,
                    lost ? BookingStatus.FAILED : BookingStatus.DELIVERED);
        }
        return moved;
    }

    private void later(long delayMs, String bookingId, BookingStatus expected, BookingStatus next) {
        timer.schedule(() -> {
            if (behaviour.get().autoAdvance()) {
                move(bookingId, expected, next, false);
            }
        }, delayMs, TimeUnit.MILLISECONDS);
    }

    /** Every booking, for the admin view: how many in each status. */
    public Map<BookingStatus, Long> counts() {
        Map<BookingStatus, Long> counts = new LinkedHashMap<>();
        for (BookingStatus status : BookingStatus.values()) {
            counts.put(status, bookings.values().stream().filter(b -> b.status() == status).count());
        }
        return counts;
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
    }
}
