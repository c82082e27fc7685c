package com.example.commerce.backorder;

import com.example.commerce.backorder.supplier.SupplierSimulator;
import com.example.commerce.testing.MovableClock;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * Every backorder-service test context: the movable {@link #CLOCK} as its {@code Clock} bean (tests move it past
 * the batching window instead of waiting) and the real supplier simulator (its jar, a process) as the supplier.
 */
public final class BackorderTestContext implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    public static final MovableClock CLOCK = new MovableClock();

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        context.getBeanFactory().registerSingleton("testClock", CLOCK);
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("supplier-simulator",
                Map.of("commerce.backorder.supplier.url", SupplierSimulator.get().url())));
    }
}
