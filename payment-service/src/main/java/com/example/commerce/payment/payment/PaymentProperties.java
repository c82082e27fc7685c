package com.example.commerce.payment.payment;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The payments' own timing ({@code commerce.payment.recovery.*}).
 *
 * @param interval      how often the recovery sweep looks for open operations
 * @param after         an operation recorded this long ago and still open is picked up by the sweep (a crash
 *                      between the commit and the call, a call that never got its answer)
 * @param retryDelay    an unresolved operation is asked again after this long, doubled after each further
 *                      unresolved attempt ...
 * @param maxRetryDelay ... up to this long
 * @param maxAttempts   the bound: an operation still open after this many attempts (a call the open breaker
 *                      refused counts too) is asked one last time (a lookup by its key) and then given up
 * @param maxAge        the same bound by age: an operation recorded this long ago and still open
 * @param lease         how long one caller holds an operation; longer than the longest call with its retries
 * @param batchSize     the most operations one sweep picks up
 * @param parallelCalls the most provider calls in flight at once from this instance
 */
@Validated
@ConfigurationProperties("commerce.payment.recovery")
public record PaymentProperties(
        @DefaultValue("5s") @NotNull Duration interval,
        @DefaultValue("15s") @NotNull Duration after,
        @DefaultValue("5s") @NotNull Duration retryDelay,
        @DefaultValue("1m") @NotNull Duration maxRetryDelay,
        @DefaultValue("20") @Min(1) int maxAttempts,
        @DefaultValue("1h") @NotNull Duration maxAge,
        @DefaultValue("60s") @NotNull Duration lease,
        @DefaultValue("100") @Min(1) int batchSize,
        @DefaultValue("32") @Min(1) int parallelCalls) {

    /** How long to wait before asking again after {@code attempts} attempts left an operation unresolved. */
    Duration retryDelayAfter(int attempts) {
        Duration delay = retryDelay;
        for (int i = 1; i < attempts && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }
}
