package com.example.commerce.starter.outbox;

import java.time.Duration;

/**
 * The relay's wait after a round that failed as a whole (the broker away, the database away): the first
 * wait is {@code initial}, each further failed round doubles it up to {@code max}, and a round that gets
 * anything acknowledged, or finds nothing to send, starts again at {@code initial}. A row that fails on
 * its own while others are acknowledged does not count: it is retried or parked, and the relay keeps its
 * pace for every other key.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private Duration next;
    private volatile Duration current = Duration.ZERO;

    Backoff(Duration initial, Duration max) {
        if (initial.isNegative() || initial.isZero() || max.compareTo(initial) < 0) {
            throw new IllegalArgumentException("backoff needs 0 < initial <= max, not " + initial + " and " + max);
        }
        this.initial = initial;
        this.max = max;
        this.next = initial;
    }

    /** The wait after one more failed round. */
    Duration failed() {
        Duration wait = next;
        Duration doubled = next.multipliedBy(2);
        next = doubled.compareTo(max) > 0 ? max : doubled;
        current = wait;
        return wait;
    }

    /** A round made progress: the next failure waits {@code initial} again. */
    void succeeded() {
        next = initial;
        current = Duration.ZERO;
    }

    /** The wait of the last failed round while failures go on; zero once a round succeeded. */
    Duration current() {
        return current;
    }
}
