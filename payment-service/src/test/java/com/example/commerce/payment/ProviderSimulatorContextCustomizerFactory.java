package com.example.commerce.payment;

import com.example.commerce.stack.FreePorts;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every test context of this module at the {@link ProviderSimulator}, on a fixed port of its own so
 * the provider's callbacks can reach it, with the timings shortened so that timeouts, the breaker and the
 * retries of unresolved operations act within a test's patience, and the provider's tokeniser watched by
 * {@link TokenisationSpy}. One customizer for all, so the module's test classes share
 * one context (and one set of consumers of the shared topics).
 */
public class ProviderSimulatorContextCustomizerFactory implements ContextCustomizerFactory {

    /** The service's own port in the tests (fixed, not random: the provider's callbacks need it in advance). */
    public static final int SERVICE_PORT = FreePorts.any();

    /** A key the tests' service still knows but no longer encrypts with. */
    public static final String RETIRED_KEY = "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho=";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> attributes) {
        return new Customizer();
    }

    static final class Customizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            Map<String, Object> properties = new HashMap<>();
            properties.put("server.port", SERVICE_PORT);
            properties.put("commerce.partners.base-url", ProviderSimulator.get().baseUrl());
            properties.put("commerce.peers.payment", "http://127.0.0.1:" + SERVICE_PORT);
            properties.put("commerce.payment.provider.timeout", "1s");
            properties.put("commerce.payment.provider.retry.attempts", "2");
            properties.put("commerce.payment.provider.retry.backoff", "100ms");
            properties.put("commerce.payment.provider.breaker.sliding-window-size", "4");
            properties.put("commerce.payment.provider.breaker.minimum-number-of-calls", "4");
            properties.put("commerce.payment.provider.breaker.wait-in-open-state", "3s");
            properties.put("commerce.payment.provider.breaker.permitted-calls-in-half-open-state", "1");
            properties.put("commerce.payment.recovery.retry-delay", "1s");
            properties.put("commerce.payment.recovery.max-retry-delay", "1s");
            properties.put("commerce.payment.recovery.max-attempts", "8");
            // Work rows a test writes by SQL (no enqueue, so no wake) are found within a second.
            properties.put("commerce.work.sweep-interval", "1s");
            // A retired key beside the active dev-1, as after a rotation; re-encryption runs often.
            properties.put("commerce.payment.encryption.keys.retired-0", RETIRED_KEY);
            properties.put("commerce.payment.encryption.rewrap-interval", "300ms");
            context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("providerSimulator", properties));
            context.addBeanFactoryPostProcessor(beans -> beans.addBeanPostProcessor(TokenisationSpy.wrapper()));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Customizer;
        }

        @Override
        public int hashCode() {
            return Customizer.class.hashCode();
        }
    }
}
