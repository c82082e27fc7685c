package com.example.commerce.starter.deadletter;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How dead letters are redriven.
 *
 * @param redriveChunkSize how many dead letters a redrive of all of them claims, sends and marks at a
 *                         time: bounds the work lost when the broker goes away
 * @param ackTimeout       how long a redrive waits for the broker's acknowledgement before it gives up
 *                         and leaves the dead letter pending (it may still arrive; the inbox drops the copy)
 * @param claimTimeout     how old a redrive's claim ({@code REDRIVING}) must be before another redrive may
 *                         take it over: a claim left by a crash or by a mark that failed after the ack;
 *                         longer than the ack timeout plus the producer's metadata wait
 */
@ConfigurationProperties("commerce.dead-letters")
public record DeadLetterProperties(@DefaultValue("100") int redriveChunkSize,
                                   @DefaultValue("10s") Duration ackTimeout,
                                   @DefaultValue("2m") Duration claimTimeout) {

    public DeadLetterProperties {
        if (redriveChunkSize < 1 || redriveChunkSize > 1000) {
            throw new IllegalArgumentException(
                    "commerce.dead-letters.redrive-chunk-size must be 1..1000, not " + redriveChunkSize);
        }
        if (ackTimeout.isNegative() || ackTimeout.isZero()) {
            throw new IllegalArgumentException("commerce.dead-letters.ack-timeout must be positive, not " + ackTimeout);
        }
        if (claimTimeout.compareTo(ackTimeout.multipliedBy(2)) < 0) {
            throw new IllegalArgumentException("commerce.dead-letters.claim-timeout must be at least twice the"
                    + " ack-timeout (" + ackTimeout + "), not " + claimTimeout);
        }
    }
}
