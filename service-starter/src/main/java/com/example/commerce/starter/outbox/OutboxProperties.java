package com.example.commerce.starter.outbox;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbox relay publishes.
 *
 * @param enabled           whether this instance runs a relay at all
 * @param pollInterval      how long an idle relay waits before looking again; also the first backoff
 * @param batchSize         rows published per round trip (one read, one wait for acknowledgements, one UPDATE)
 * @param maxBackoff        the longest wait between rounds while the broker (or the database) is away
 * @param retention         how long sent and discarded rows are kept before the cleanup deletes them
 * @param ackTimeout        how long a batch may wait for the broker's acknowledgements before the relay
 *                          counts the rest as failed and sends them again
 * @param lockRetryInterval how long a standby waits for the relay lock at a time (it takes the lock as soon
 *                          as it is free; between waits it checks whether it should stop)
 * @param cleanupInterval   how often the relaying instance deletes rows past their retention
 * @param shutdownGrace     on shutdown, how much longer the batch in flight may wait for its
 *                          acknowledgements so that it is marked before the lock is released
 */
@ConfigurationProperties("commerce.outbox")
public record OutboxProperties(@DefaultValue("true") boolean enabled,
                               @DefaultValue("100ms") Duration pollInterval,
                               @DefaultValue("500") int batchSize,
                               @DefaultValue("10s") Duration maxBackoff,
                               @DefaultValue("1h") Duration retention,
                               @DefaultValue("30s") Duration ackTimeout,
                               @DefaultValue("1s") Duration lockRetryInterval,
                               @DefaultValue("1m") Duration cleanupInterval,
                               @DefaultValue("10s") Duration shutdownGrace) {

    public OutboxProperties {
        if (batchSize < 1 || batchSize > 10_000) {
            throw new IllegalArgumentException("commerce.outbox.batch-size must be 1..10000, not " + batchSize);
        }
        for (Duration positive : new Duration[] {pollInterval, maxBackoff, retention, ackTimeout, lockRetryInterval,
                cleanupInterval, shutdownGrace}) {
            if (positive.isNegative() || positive.isZero()) {
                throw new IllegalArgumentException("commerce.outbox durations must be positive, not " + positive);
            }
        }
        if (maxBackoff.compareTo(pollInterval) < 0) {
            throw new IllegalArgumentException("commerce.outbox.max-backoff must not be shorter than the poll interval");
        }
    }

    /** The defaults, for code that builds a relay by hand. */
    public static OutboxProperties defaults() {
        return new OutboxProperties(true, Duration.ofMillis(100), 500, Duration.ofSeconds(10), Duration.ofHours(1),
                Duration.ofSeconds(30), Duration.ofSeconds(1), Duration.ofMinutes(1), Duration.ofSeconds(10));
    }

    public OutboxProperties withPollInterval(Duration value) {
        return new OutboxProperties(enabled, value, batchSize, maxBackoff.compareTo(value) < 0 ? value : maxBackoff,
                retention, ackTimeout, lockRetryInterval, cleanupInterval, shutdownGrace);
    }

    public OutboxProperties withBatchSize(int value) {
        return new OutboxProperties(enabled, pollInterval, value, maxBackoff, retention, ackTimeout, lockRetryInterval,
                cleanupInterval, shutdownGrace);
    }

    public OutboxProperties withMaxBackoff(Duration value) {
        return new OutboxProperties(enabled, pollInterval, batchSize, value, retention, ackTimeout, lockRetryInterval,
                cleanupInterval, shutdownGrace);
    }

    public OutboxProperties withAckTimeout(Duration value) {
        return new OutboxProperties(enabled, pollInterval, batchSize, maxBackoff, retention, value, lockRetryInterval,
                cleanupInterval, shutdownGrace);
    }

    public OutboxProperties withRetention(Duration value, Duration cleanupEvery) {
        return new OutboxProperties(enabled, pollInterval, batchSize, maxBackoff, value, ackTimeout, lockRetryInterval,
                cleanupEvery, shutdownGrace);
    }
}
