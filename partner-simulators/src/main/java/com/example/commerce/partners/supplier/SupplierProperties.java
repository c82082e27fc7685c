package com.example.commerce.partners.supplier;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The simulated supplier's behaviour after start and after {@code POST /supplier/admin/reset}
 * ({@code simulators.supplier.*}); see {@link SupplierBehaviour} for each knob.
 */
@ConfigurationProperties("simulators.supplier")
public record SupplierProperties(
        @DefaultValue("CONFIRM") String outcome,
        @DefaultValue("0.5") double partialShare,
        @DefaultValue("2") int etaDays,
        @DefaultValue("0") int delayDays,
        @DefaultValue("0") long latencyMs,
        @DefaultValue("false") boolean outage,
        @DefaultValue("5") long shipAfterSeconds) {

    SupplierBehaviour defaults() {
        return new SupplierBehaviour(outcome, partialShare, etaDays, delayDays, latencyMs, outage, shipAfterSeconds, 0);
    }
}
