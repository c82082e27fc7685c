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
 * @param retryDelay    an unresolved operation is asked again after this long
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
        @DefaultValue("60s") @NotNull Duration lease,
        @DefaultValue("100") @Min(1) int batchSize,
        @DefaultValue("32") @Min(1) int parallelCalls) {
}
