package com.example.commerce.shipping.courier;

import java.util.Optional;

/**
 * The courier, in our words. Each call is asked again with the same idempotency key on a retry or a
 * redelivery, so asking twice books once.
 */
public interface Courier {

    /** The courier's name, as ShipmentCreated carries it. */
    String name();

    /**
     * Books the parcel of one shipment.
     *
     * @return the booking, or a refusal for good
     * @throws CourierUnavailableException when no answer came (timeout, outage, breaker open): ask again later
     */
    BookingResult book(String idempotencyKey, ParcelBooking booking);

    /**
     * Cancels a booking before pick-up.
     *
     * @return CANCELLED, or TOO_LATE once the parcel is dispatched
     * @throws CourierUnavailableException when no answer came
     */
    CancelResult cancel(String bookingId);

    /**
     * Where the courier says a booking is, for when its callbacks do not arrive.
     *
     * @return the courier's status (BOOKED, DISPATCHED, DELIVERED, FAILED or CANCELLED) and tracking number;
     *         empty when the courier does not know the booking
     * @throws CourierUnavailableException when no answer came
     */
    Optional<Tracked> track(String bookingId);

    enum CancelResult { CANCELLED, TOO_LATE }

    /** A booking's status in the courier's words. */
    record Tracked(String status, String trackingNumber) {
    }
}
