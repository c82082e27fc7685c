package com.example.commerce.shipping.courier;

/** What the courier answered to a booking. */
public sealed interface BookingResult {

    /** Booked, with the courier's booking id and tracking number. */
    record Booked(String bookingId, String trackingNumber) implements BookingResult {
    }

    /** Refused for good (the address is not served, no capacity): asking again gets the same answer. */
    record Refused(String code, String reason) implements BookingResult {
    }
}
