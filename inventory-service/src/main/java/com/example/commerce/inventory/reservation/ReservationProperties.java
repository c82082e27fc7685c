package com.example.commerce.inventory.reservation;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * @param reservationTtl      how long a reservation holds its stock before the order is confirmed; past it the
 *                            reservation is released with reason EXPIRED (a confirmed order's never expires)
 * @param expiryCheckInterval how often the expiry job looks for reservations past their time
 * @param expiryBatch         how many reservations one pass of the expiry job releases at most (one transaction)
 */
@Validated
@ConfigurationProperties("commerce.inventory")
public record ReservationProperties(@DefaultValue("15m") Duration reservationTtl,
                                    @DefaultValue("10s") Duration expiryCheckInterval,
                                    @DefaultValue("100") @Min(1) @Max(10_000) int expiryBatch) {

    public ReservationProperties {
        if (!reservationTtl.isPositive() || !expiryCheckInterval.isPositive()) {
            throw new IllegalArgumentException("commerce.inventory.reservation-ttl and expiry-check-interval must be "
                    + "positive, not " + reservationTtl + " and " + expiryCheckInterval);
        }
    }
}
