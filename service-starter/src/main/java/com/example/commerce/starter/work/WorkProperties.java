package com.example.commerce.starter.work;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the outbound-work workers run ({@code commerce.work.*}).
 *
 * @param enabled          whether this instance runs workers at all (it still enqueues)
 * @param workers          the most handlers running at once in this instance, all kinds together
 * @param batchSize        the most rows one claim takes (never more than the free workers)
 * @param sweepInterval    how long idle workers wait before looking again when nothing wakes them (a commit of
 *                         this instance does; another instance's does not) and no row is due sooner
 * @param lease            how long a claim holds before another worker may take the row again; longer than the
 *                         slowest attempt (the handler's timeouts), or the row runs twice
 * @param maxAttempts      attempts of work enqueued without its own cap
 * @param initialBackoff   the wait after a first failed attempt; each further one doubles it
 * @param maxBackoff       the longest wait between attempts
 * @param retention        how long DONE rows are kept (their key refuses a second enqueue meanwhile)
 * @param cleanupInterval  how often DONE rows past their retention are deleted
 * @param shutdownGrace    on shutdown, how long running handlers may finish and record their results
 */
@ConfigurationProperties("commerce.work")
public record WorkProperties(@DefaultValue("true") boolean enabled,
                             @DefaultValue("8") int workers,
                             @DefaultValue("32") int batchSize,
                             @DefaultValue("10s") Duration sweepInterval,
                             @DefaultValue("2m") Duration lease,
                             @DefaultValue("10") int maxAttempts,
                             @DefaultValue("1s") Duration initialBackoff,
                             @DefaultValue("5m") Duration maxBackoff,
                             @DefaultValue("7d") Duration retention,
                             @DefaultValue("1h") Duration cleanupInterval,
                             @DefaultValue("10s") Duration shutdownGrace) {

    public WorkProperties {
        if (workers < 1 || workers > 1_000) {
            throw new IllegalArgumentException("commerce.work.workers must be 1..1000, not " + workers);
        }
        if (batchSize < 1 || batchSize > 1_000) {
            throw new IllegalArgumentException("commerce.work.batch-size must be 1..1000, not " + batchSize);
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("commerce.work.max-attempts must be at least 1, not " + maxAttempts);
        }
        for (Duration positive : new Duration[] {sweepInterval, lease, initialBackoff, maxBackoff, retention,
                cleanupInterval, shutdownGrace}) {
            if (positive.isNegative() || positive.isZero()) {
                throw new IllegalArgumentException("commerce.work durations must be positive, not " + positive);
            }
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException("commerce.work.max-backoff must not be shorter than the initial backoff");
        }
    }

    /** The defaults, for code that builds workers by hand. */
    public static WorkProperties defaults() {
        return new WorkProperties(true, 8, 32, Duration.ofSeconds(10), Duration.ofMinutes(2), 10, Duration.ofSeconds(1),
                Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofHours(1), Duration.ofSeconds(10));
    }

    public WorkProperties withWorkers(int value) {
        return new WorkProperties(enabled, value, batchSize, sweepInterval, lease, maxAttempts, initialBackoff,
                maxBackoff, retention, cleanupInterval, shutdownGrace);
    }

    public WorkProperties withSweepInterval(Duration value) {
        return new WorkProperties(enabled, workers, batchSize, value, lease, maxAttempts, initialBackoff, maxBackoff,
                retention, cleanupInterval, shutdownGrace);
    }

    public WorkProperties withLease(Duration value) {
        return new WorkProperties(enabled, workers, batchSize, sweepInterval, value, maxAttempts, initialBackoff,
                maxBackoff, retention, cleanupInterval, shutdownGrace);
    }

    /** The wait before the attempt after {@code attempt} failed: initial, doubled per attempt, at most the max. */
    public Duration backoffAfter(int attempt) {
        Duration wait = initialBackoff;
        for (int i = 1; i < attempt && wait.compareTo(maxBackoff) < 0; i++) {
            wait = wait.multipliedBy(2);
        }
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }
}
