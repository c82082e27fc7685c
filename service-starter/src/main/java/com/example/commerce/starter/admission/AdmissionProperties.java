package com.example.commerce.starter.admission;

import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many API requests a service instance works on at once ({@code commerce.admission.*}).
 *
 * @param enabled       whether requests are admitted at all (false: every request runs, as before)
 * @param maxConcurrent API requests worked on at once; more wait for a place
 * @param maxWait       how long a request waits for a place before it is refused (503 + Retry-After)
 * @param retryAfter    what a refused request is told to wait (whole seconds, at least 1)
 * @param exempt        requests that wait rather than work and hold no database connection while they wait
 *                      (a long poll, an event stream), as {@code "METHOD /path/{pattern}"}; never refused
 */
@ConfigurationProperties("commerce.admission")
public record AdmissionProperties(@DefaultValue("true") boolean enabled,
                                  @DefaultValue("32") int maxConcurrent,
                                  @DefaultValue("50ms") Duration maxWait,
                                  @DefaultValue("1s") Duration retryAfter,
                                  @DefaultValue List<String> exempt) {

    public AdmissionProperties {
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("commerce.admission.max-concurrent must be at least 1: " + maxConcurrent);
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("commerce.admission.max-wait must not be negative: " + maxWait);
        }
        exempt = exempt == null ? List.of() : List.copyOf(exempt);
        for (String rule : exempt) {
            if (!rule.matches("[A-Z]+ /\\S*")) {
                throw new IllegalArgumentException("commerce.admission.exempt entries are \"METHOD /path\": " + rule);
            }
        }
    }

    /** {@link #retryAfter} in whole seconds, rounded up, at least 1. */
    long retryAfterSeconds() {
        return Math.max(1, (retryAfter.toMillis() + 999) / 1000);
    }
}
