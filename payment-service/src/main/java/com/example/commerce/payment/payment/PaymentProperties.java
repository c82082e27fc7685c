package com.example.commerce.payment.payment;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The payments' own timing of unresolved provider operations ({@code commerce.payment.recovery.*}). Who runs an
 * operation, how many at once and for how long one worker holds it is the starter's reliable outbound work
 * ({@code commerce.work.*}: {@code workers}, {@code lease}, {@code sweep-interval}).
 *
 * @param retryDelay    an unresolved operation is asked again after this long, doubled after each further
 *                      unresolved attempt ...
 * @param maxRetryDelay ... up to this long
 * @param maxAttempts   the bound: an operation still open after this many attempts (a call the open breaker
 *                      refused counts too) is asked one last time (a lookup by its key) and then given up; its
 *                      work row is enqueued with {@code maxAttempts + 1} attempts, the last being that lookup
 * @param maxAge        the same bound by age: an operation recorded this long ago and still open
 */
@Validated
@ConfigurationProperties("commerce.payment.recovery")
public record PaymentProperties(
        @DefaultValue("5s") @NotNull Duration retryDelay,
        @DefaultValue("1m") @NotNull Duration maxRetryDelay,
        @DefaultValue("20") @Min(1) int maxAttempts,
        @DefaultValue("1h") @NotNull Duration maxAge) {

    /** How long to wait before asking again after {@code attempts} attempts left an operation unresolved. */
    Duration retryDelayAfter(int attempts) {
        Duration delay = retryDelay;
        for (int i = 1; i < attempts && delay.compareTo(maxRetryDelay) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(maxRetryDelay) > 0 ? maxRetryDelay : delay;
    }

    /** The attempts of an operation's work row: {@link #maxAttempts} calls and the last lookup. */
    int workAttempts() {
        return maxAttempts + 1;
    }
}
