package com.example.commerce.partners.courier;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated courier's settings ({@code simulators.courier.*}): its behaviour after start and after
 * {@code POST /courier/admin/reset}, and how it retries a status callback that its receiver did not take.
 *
 * @param callbackAttempts how many times one callback is tried before it is given up
 * @param callbackBackoff  the wait before the second try; it doubles for each further try
 * @param callbackTimeout  how long one callback try may take
 */
@ConfigurationProperties("simulators.courier")
public record CourierProperties(
        @DefaultValue("0") double refuseRate,
        @DefaultValue("0") double failureRate,
        @DefaultValue("0") long latencyMs,
        @DefaultValue("false") boolean outage,
        @DefaultValue("true") boolean autoAdvance,
        @DefaultValue("1500") long dispatchAfterMs,
        @DefaultValue("1500") long deliverAfterMs,
        @DefaultValue("true") boolean callbacks,
        @DefaultValue("5") int callbackAttempts,
        @DefaultValue("200ms") Duration callbackBackoff,
        @DefaultValue("5s") Duration callbackTimeout) {

    CourierBehaviour defaults() {
        return new CourierBehaviour(refuseRate, failureRate, latencyMs, outage, autoAdvance, dispatchAfterMs,
                deliverAfterMs, callbacks);
    }
}
