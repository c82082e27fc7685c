package com.example.commerce.order;

import com.example.commerce.testing.MovableClock;
import java.time.Clock;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The order-service's time in tests: the real time plus an offset that a test moves forward instead of waiting
 * (a deadline passes at once). One per test JVM; {@link Initializer} makes it the context's {@link Clock} bean
 * (the starter's own is {@code @ConditionalOnMissingBean}). The offset is shared by every test of the JVM, so
 * a test that moves it puts it back when it ends ({@link #reset()}).
 */
public final class TestClock extends MovableClock {

    private static final TestClock INSTANCE = new TestClock();

    private TestClock() {
    }

    public static TestClock get() {
        return INSTANCE;
    }

    /** Registers the clock as the context's {@code Clock} bean. */
    public static final class Initializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {
        @Override
        public void initialize(ConfigurableApplicationContext context) {
            context.getBeanFactory().registerSingleton("testClock", get());
        }
    }
}
