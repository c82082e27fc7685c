package com.example.commerce.partners.courier;

/** Where a parcel is, in the courier's words. */
public enum BookingStatus {
    BOOKED, DISPATCHED, DELIVERED, FAILED, CANCELLED;

    boolean terminal() {
        return this == DELIVERED || this == FAILED || this == CANCELLED;
    }
}
