package com.example.commerce.shipping;

import com.example.commerce.testing.MovableClock;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * The service's clock in the tests: the system's time plus an offset a test moves forward instead of waiting
 * (leases, the transit bound). Every test puts it back ({@link #reset()}).
 */
public final class TestClock extends MovableClock {

    /** Replaces the starter's Clock bean (it is {@code @ConditionalOnMissingBean}). */
    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {

        @Bean
        TestClock testClock() {
            return new TestClock();
        }
    }
}
