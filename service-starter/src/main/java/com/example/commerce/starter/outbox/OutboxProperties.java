package com.example.commerce.starter.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox relay publishes.
 *
 * @param enabled       whether this instance runs a relay at all
 * @param pollInterval  how long an idle relay waits before looking again
 * @param batchSize     rows published per round trip (one flush, one UPDATE)
 * @param maxBackoff    the longest wait between attempts while the broker is away
 * @param retention     how long sent rows are kept before the cleanup deletes them
 * @param ackTimeout    how long a batch may wait for the broker's acknowledgements before the relay
 *                      counts a failure, backs off and sends the unacknowledged rows again
 */
@ConfigurationProperties("commerce.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("100ms") Duration pollInterval,
                               @DefaultValue("500") int batchSize,
                               @DefaultValue("10s") Duration maxBackoff,
                               @DefaultValue("1h") Duration retention,
                               @DefaultValue("30s") Duration ackTimeout) {

    public OutboxProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("commerce.outbox.batch-size must be 1..10000, not " + batchSize);
        }
    }
}
