package com.example.commerce.testing;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A service's time in tests: the system's UTC time plus an offset that a test moves forward instead of waiting
 * (a deadline passes, a lease runs out, a parcel overstays its transit bound at once). Declared as the context's
 * {@link Clock} bean it replaces the starter's ({@code @ConditionalOnMissingBean}); a test that moves it puts it
 * back ({@link #reset()}) when the clock is shared.
 */
public class MovableClock extends Clock {

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    /** Time passes: everything that reads this clock sees {@code by} later from now on. */
    public void advance(Duration by) {
        offset.accumulateAndGet(by, Duration::plus);
    }

    /** Back to the real time. */
    public void reset() {
        offset.set(Duration.ZERO);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
