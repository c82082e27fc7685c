package com.example.commerce.backorder.supplier;

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
 * How backorder-service talks to the supplier ({@code commerce.backorder.supplier.*}).
 *
 * @param url            the SOAP endpoint (the simulator's {@code /supplier/ws})
 * @param buyer          who we are to the supplier
 * @param connectTimeout the most a TCP connect may take
 * @param readTimeout    the most the supplier may stay silent while answering
 * @param timeout        the most one call may take in all (time limiter), above the two
 * @param retry          attempts (the first included) and the first backoff, doubled each time; the same
 *                       poNumber every time, so a retry never orders twice
 * @param breaker        circuit breaker: failure rate (%) over a window of calls, the minimum number of calls,
 *                       how long it stays open
 */
@Validated
@ConfigurationProperties("commerce.backorder.supplier")
public record SupplierProperties(
        @DefaultValue("http://localhost:8090/supplier/ws") @NotBlank String url,
        @DefaultValue("commerce") @NotBlank String buyer,
        @DefaultValue("1s") @NotNull Duration connectTimeout,
        @DefaultValue("3s") @NotNull Duration readTimeout,
        @DefaultValue("5s") @NotNull Duration timeout,
        @DefaultValue @NotNull Retry retry,
        @DefaultValue @NotNull Breaker breaker) {

    public record Retry(@DefaultValue("3") @Min(1) int attempts, @DefaultValue("200ms") @NotNull Duration backoff) {
    }

    public record Breaker(
            @DefaultValue("50") @DecimalMin("1") @DecimalMax("100") float failureRateThreshold,
            @DefaultValue("10") @Min(1) int slidingWindowSize,
            @DefaultValue("5") @Min(1) int minimumNumberOfCalls,
            @DefaultValue("10s") @NotNull Duration waitInOpenState) {
    }
}
