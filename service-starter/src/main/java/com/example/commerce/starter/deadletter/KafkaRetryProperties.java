package com.example.commerce.starter.deadletter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How a listener's failing record is retried, on the same partition and in place (so the records after it
 * wait and per-key order holds), before it is dead-lettered. Records that can never succeed skip this.
 *
 * @param maxAttempts     deliveries in all, the first included
 * @param initialInterval the wait before the second delivery; it doubles after each failure
 * @param maxInterval     the longest wait between two deliveries
 */
@ConfigurationProperties("commerce.kafka.retry")
public record KafkaRetryProperties(@DefaultValue("6") int maxAttempts,
                                   @DefaultValue("200ms") Duration initialInterval,
                                   @DefaultValue("5s") Duration maxInterval) {

    public KafkaRetryProperties {
        if (maxAttempts < 1 || maxAttempts > 20) {
            throw new IllegalArgumentException("commerce.kafka.retry.max-attempts must be 1..20, not " + maxAttempts);
        }
        if (!initialInterval.isPositive() || maxInterval.compareTo(initialInterval) < 0) {
            throw new IllegalArgumentException("commerce.kafka.retry intervals must be positive with max-interval >= "
                    + "initial-interval, not " + initialInterval + " and " + maxInterval);
        }
    }
}
