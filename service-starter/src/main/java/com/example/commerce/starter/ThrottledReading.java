package com.example.commerce.starter;

import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A value a gauge reads from the service's tables: read at most once per {@code interval}, however often
 * it is scraped, and measured whether or not the service is doing the work it describes. A read that
 * fails (the database away) keeps the last value, so a scrape never fails on it.
 */
public final class ThrottledReading<T> {

    private static final Logger log = LoggerFactory.getLogger(ThrottledReading.class);

    private final String name;
    private final Duration interval;
    private final Supplier<T> read;
    private T value;
    private Instant readAt = Instant.EPOCH;

    /**
     * @param name    what is read, for the debug line of a failed read
     * @param initial the value until the first read succeeds
     */
    public ThrottledReading(String name, Duration interval, T initial, Supplier<T> read) {
        this.name = name;
        this.interval = interval;
        this.value = initial;
        this.read = read;
    }

    public synchronized T get() {
        if (Duration.between(readAt, Instant.now()).compareTo(interval) >= 0) {
            readAt = Instant.now();
            try {
                value = read.get();
            } catch (RuntimeException e) {
                log.debug("{} not measured: {}", name, e.getMessage());
            }
        }
        return value;
    }
}
