package com.example.commerce.inventory.reservation;

import com.example.commerce.starter.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Looks for reservations past their time every {@code commerce.inventory.expiry-check-interval} and releases
 * them ({@link StockReservations#expireDue}); a full batch is followed at once by the next. Safe beside other
 * instances: each locks what it releases and skips what another holds.
 */
@Component
class ReservationExpiry extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(ReservationExpiry.class);

    private final StockReservations reservations;
    private final ReservationProperties properties;

    ReservationExpiry(StockReservations reservations, ReservationProperties properties) {
        super("reservation-expiry");
        this.reservations = reservations;
        this.properties = properties;
    }

    @Override
    protected void runUntilStopped() {
        while (isRunning()) {
            int released = 0;
            try {
                released = reservations.expireDue();
            } catch (RuntimeException e) {
                log.warn("Releasing expired reservations failed; trying again in {}", properties.expiryCheckInterval(), e);
            }
            if (released < properties.expiryBatch()) {
                try {
                    if (!pause(properties.expiryCheckInterval())) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
