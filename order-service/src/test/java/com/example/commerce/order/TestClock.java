package com.example.commerce.order;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The order-service's time in tests: the real time plus an offset that a test moves forward instead of waiting
 * (a deadline passes at once). One per test JVM; {@link Initializer} makes it the context's {@link Clock} bean
 * (the starter's own is {@code @ConditionalOnMissingBean}). The offset is shared by every test of the JVM, so
 * a test that moves it puts it back when it ends ({@link #reset()}).
 */
public final class TestClock extends Clock {

    private static final TestClock INSTANCE = new TestClock();

    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    private TestClock() {
    }

    public static TestClock get() {
        return INSTANCE;
    }

    /** Moves the service's time forward by {@code by}. */
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
        throw new UnsupportedOperationException("the service's clock is UTC");
    }

    /** Registers the clock as the context's {@code Clock} bean. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton("testClock", get());
        }
    }
}
