package com.example.commerce.inventory.reservation;

import com.example.commerce.starter.BatchSweep;
import org.springframework.stereotype.Component;

/**
 * Looks for reservations past their time every {@code commerce.inventory.expiry-check-interval} and releases
 * them ({@link StockReservations#expireDue}); a full batch is followed at once by the next. Safe beside other
 * instances: each locks what it releases and skips what another holds.
 */
@Component
class ReservationExpiry extends BatchSweep {

    private final StockReservations reservations;

    ReservationExpiry(StockReservations reservations, ReservationProperties properties) {
        super("reservation-expiry", properties.expiryCheckInterval(), properties.expiryBatch());
        this.reservations = reservations;
    }

    @Override
    protected int sweep() {
        return reservations.expireDue();
    }
}
