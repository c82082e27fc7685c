package com.example.commerce.shipping.courier;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The courier and the resilience around it ({@code commerce.shipping.courier.*}).
 *
 * @param name          the courier's name in ShipmentCreated
 * @param baseUrl       where the courier's API is (the partner simulators in the local stack)
 * @param callbackUrl   where the courier calls back status changes; empty: {@code commerce.peers.shipping} (or
 *                      this instance's own port) + {@code /api/v1/shipments/callbacks/courier}
 * @param timeout       how long one call may take (Resilience4j time limiter; also the HTTP read timeout)
 * @param batchSize     how many shipments one tracking sweep looks up at most
 * @param sweepInterval how often the tracking sweep looks for shipments to look up at the courier
 * @param retryAfter    how long after the courier gave no answer a step of courier work is due again
 * @param workAttempts  attempts of one step of courier work (a {@code shipping.courier} work row) before it ends
 *                      FAILED; a booking's last attempt fails the shipment like its max age, so keep it above
 *                      {@code max-age / retry-after}. How many calls run at once and how long a worker's lease
 *                      lasts are {@code commerce.work.workers} and {@code commerce.work.lease}
 * @param maxAge        a shipment still not booked this long after its OrderConfirmed fails (COURIER_UNAVAILABLE)
 * @param trackAfter    a booked or dispatched shipment that heard nothing from the courier this long is looked up
 *                      at the courier (its callbacks may have been lost), and again after each such period
 * @param transitBound  a parcel dispatched this long ago and not delivered is lost: when the courier's tracking
 *                      still says dispatched (or knows nothing of it), the shipment fails (LOST_IN_TRANSIT)
 */
@ConfigurationProperties("commerce.shipping.courier")
public record CourierProperties(
        @DefaultValue("sim-courier") String name,
        @DefaultValue("http://127.0.0.1:8090") String baseUrl,
        String callbackUrl,
        @DefaultValue("2s") Duration timeout,
        @DefaultValue Retry retry,
        @DefaultValue CircuitBreaker circuitBreaker,
        @DefaultValue Bulkhead bulkhead,
        @DefaultValue("32") int batchSize,
        @DefaultValue("5s") Duration sweepInterval,
        @DefaultValue("2s") Duration retryAfter,
        @DefaultValue("1000") int workAttempts,
        @DefaultValue("15m") Duration maxAge,
        @DefaultValue("10m") Duration trackAfter,
        @DefaultValue("10d") Duration transitBound) {

    /**
     * @param maxAttempts tries of one call (the first included), all with the same idempotency key
     * @param waitDuration the wait between two tries
     */
    public record Retry(@DefaultValue("3") int maxAttempts, @DefaultValue("200ms") Duration waitDuration) {
    }

    /**
     * @param failureRateThreshold     percentage of failed calls that opens the breaker
     * @param slidingWindowSize        how many recent calls it looks at
     * @param minimumNumberOfCalls     how many calls it needs before it decides
     * @param waitInOpenState          how long it stays open before letting trial calls through
     * @param permittedCallsInHalfOpen how many trial calls decide whether it closes again
     */
    public record CircuitBreaker(@DefaultValue("50") float failureRateThreshold,
                                 @DefaultValue("10") int slidingWindowSize,
                                 @DefaultValue("5") int minimumNumberOfCalls,
                                 @DefaultValue("10s") Duration waitInOpenState,
                                 @DefaultValue("2") int permittedCallsInHalfOpen) {
    }

    /**
     * @param maxConcurrentCalls calls to the courier at once from this instance
     * @param maxWait            how long a call waits for a free slot before it counts as unavailable
     */
    public record Bulkhead(@DefaultValue("16") int maxConcurrentCalls, @DefaultValue("500ms") Duration maxWait) {
    }
}
