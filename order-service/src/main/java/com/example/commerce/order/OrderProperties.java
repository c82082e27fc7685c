package com.example.commerce.order;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The order-service's limits and timings ({@code commerce.order.*}; deadlines are {@code commerce.order.deadlines.*}).
 *
 * @param maxLines           the most different SKUs one order may hold
 * @param maxQuantityPerLine the most units of one SKU per order (at least 1 each)
 * @param peers              calls to cart-, customer- and payment-service while placing an order
 * @param idempotency        Idempotency-Key records
 * @param waiting            long-polls and event streams
 * @param admission          back-pressure on placement
 */
@Validated
@ConfigurationProperties("commerce.order")
public record OrderProperties(
        @DefaultValue("50") @Min(1) @Max(1000) int maxLines,
        @DefaultValue("99") @Min(1) @Max(10_000) int maxQuantityPerLine,
        @DefaultValue @Valid Peers peers,
        @DefaultValue @Valid Idempotency idempotency,
        @DefaultValue @Valid Waiting waiting,
        @DefaultValue @Valid Admission admission) {

    /**
     * @param connectTimeout how long to wait for a peer's connection
     * @param readTimeout    how long to wait for a peer's answer
     * @param retryAfter     what a 503 tells the client to wait when a peer is down or slow
     * @param breaker        the circuit breaker of each peer
     */
    public record Peers(
            @DefaultValue("1s") @NotNull Duration connectTimeout,
            @DefaultValue("2s") @NotNull Duration readTimeout,
            @DefaultValue("5s") @NotNull Duration retryAfter,
            @DefaultValue @Valid Breaker breaker) {
    }

    /**
     * A peer that fails {@code failureRatePercent} of the last {@code slidingWindowSize} calls (once it had at
     * least {@code minimumCalls}) is not asked for {@code openFor}: placements answer 503 at once instead of
     * waiting for its timeout; then {@code halfOpenCalls} trial calls decide whether it is back.
     */
    public record Breaker(
            @DefaultValue("50") @Min(1) @Max(100) int failureRatePercent,
            @DefaultValue("20") @Min(1) int slidingWindowSize,
            @DefaultValue("10") @Min(1) int minimumCalls,
            @DefaultValue("10s") @NotNull Duration openFor,
            @DefaultValue("3") @Min(1) int halfOpenCalls) {
    }

    /**
     * @param retention      how long a key answers with its first response (24 h)
     * @param lease          how long a first request may hold its key IN_PROGRESS before a repeat may take
     *                       it over (a crashed instance never finishes it)
     * @param duplicateWait  how long a repeat waits for the first request to finish before it is told to retry
     * @param cleanupInterval how often expired keys are deleted
     */
    public record Idempotency(
            @DefaultValue("24h") @NotNull Duration retention,
            @DefaultValue("60s") @NotNull Duration lease,
            @DefaultValue("15s") @NotNull Duration duplicateWait,
            @DefaultValue("10m") @NotNull Duration cleanupInterval) {
    }

    /**
     * @param longPollMax     the longest {@code ?timeout=} of a long-poll
     * @param recheckInterval how often a waiter re-reads the order from the database (changes made by
     *                        another instance; this instance's own wake the waiter at once)
     * @param maxStreams      the most event streams open at once on this instance (503 beyond)
     * @param streamMax       how long an event stream stays open at most
     */
    public record Waiting(
            @DefaultValue("30s") @NotNull Duration longPollMax,
            @DefaultValue("250ms") @NotNull Duration recheckInterval,
            @DefaultValue("200") @Min(1) int maxStreams,
            @DefaultValue("5m") @NotNull Duration streamMax) {
    }

    /**
     * @param maxPending orders waiting for the saga's first answer (PENDING, every instance together) beyond which a
     *                   placement is refused with 503 and Retry-After
     * @param recount    how often the waiting orders are counted (placements in between use the last count)
     * @param retryAfter what a refused placement is told to wait
     */
    public record Admission(
            @DefaultValue("400") @Min(1) int maxPending,
            @DefaultValue("200ms") @NotNull Duration recount,
            @DefaultValue("2s") @NotNull Duration retryAfter) {
    }
}
