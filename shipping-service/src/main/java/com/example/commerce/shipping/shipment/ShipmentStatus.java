package com.example.commerce.shipping.shipment;

/** Where a shipment is. CREATED: not yet booked at the courier; DELIVERED, FAILED and CANCELLED are final. */
public enum ShipmentStatus {
    CREATED(0), BOOKED(1), DISPATCHED(2), DELIVERED(3), FAILED(4), CANCELLED(4);

    private final int rank;

    ShipmentStatus(int rank) {
        this.rank = rank;
    }

    public boolean terminal() {
        return this == DELIVERED || this == FAILED || this == CANCELLED;
    }

    /** Whether moving from this status to {@code next} goes forward along CREATED, BOOKED, DISPATCHED, DELIVERED. */
    boolean before(ShipmentStatus next) {
        return !terminal() && rank < next.rank;
    }
}
