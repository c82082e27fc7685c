package com.example.commerce.partners.courier;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One booking as the courier's API shows it.
 *
 * @param reference      the sender's reference (for our fleet: the shipment id)
 * @param orderReference the sender's order reference (the order id)
 * @param idempotencyKey the key the booking was made with
 */
public record Booking(String bookingId, String trackingNumber, String reference, String orderReference,
                      Map<String, Object> address, List<Parcel> parcels, String callbackUrl, BookingStatus status,
                      String idempotencyKey, Instant createdAt, Instant updatedAt) {

    /** One item of a booking. */
    public record Parcel(String sku, int quantity) {
    }

    Booking withStatus(BookingStatus next, Instant at) {
        return new Booking(bookingId, trackingNumber, reference, orderReference, address, parcels, callbackUrl, next,
                idempotencyKey, createdAt, at);
    }
}
