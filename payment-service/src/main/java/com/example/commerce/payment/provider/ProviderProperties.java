package com.example.commerce.payment.provider;

import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How payment-service talks to the provider ({@code commerce.payment.provider.*}).
 *
 * @param baseUrl     the provider's API root (the simulator's {@code /provider})
 * @param callbackUrl where the provider sends its webhooks (our own public address)
 * @param timeout     the most one call may take before it counts as ambiguous (time limiter)
 * @param retry       attempts (the first included) and the first backoff, doubled each time; same key every time
 * @param breaker     circuit breaker: failure rate (%) over a window of calls, the minimum number of calls, how long it stays open
 * @param bulkhead    at most this many calls at once; a call waits up to {@code maxWait} for a slot, else it is left for the sweep
 */
@Validated
@ConfigurationProperties("commerce.payment.provider")
public record ProviderProperties(
        @NotBlank String baseUrl,
        @NotBlank String callbackUrl,
        @DefaultValue("3s") @NotNull Duration timeout,
        @DefaultValue("1s") @NotNull Duration connectTimeout,
        @DefaultValue @NotNull Retry retry,
        @DefaultValue @NotNull Breaker breaker,
        @DefaultValue @NotNull Bulkhead bulkhead) {

    public record Retry(@DefaultValue("3") @Min(1) int attempts, @DefaultValue("200ms") @NotNull Duration backoff) {
    }

    public record Breaker(
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("20") @Min(1) int slidingWindowSize,
            @DefaultValue("10") @Min(1) int minimumNumberOfCalls,
            @DefaultValue("10s") @NotNull Duration waitInOpenState,
            @DefaultValue("3") @Min(1) int permittedCallsInHalfOpenState) {
    }

    public record Bulkhead(@DefaultValue("16") @Min(1) int maxConcurrentCalls,
                           @DefaultValue("2s") @NotNull Duration maxWait) {
    }
}
