package com.example.commerce.testing;

import java.util.List;
import java.util.Map;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

/**
 * Points every Spring test context of a module that has service-test-support on its test classpath
 * ({@code @ServiceIntegrationTest}, other {@code @SpringBootTest}s, {@code @WebMvcTest} slices) at the
 * {@link TestIssuer}: {@code commerce.security.issuer-uri} is the test issuer unless the test sets it
 * itself. Registered in {@code META-INF/spring.factories}.
 */
public class TestIssuerContextCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new TestIssuerCustomizer();
    }

    /** Stateless, so every test context shares its cache key (the issuer is one per JVM). */
    static final class TestIssuerCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            ConfigurableEnvironment environment = context.getEnvironment();
            if (environment.containsProperty("commerce.security.issuer-uri")) {
                return;
            }
            environment.getPropertySources().addFirst(new MapPropertySource("testIssuer",
                    Map.of("commerce.security.issuer-uri", TestIssuer.get().issuer())));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof TestIssuerCustomizer;
        }

        @Override
        public int hashCode() {
            return TestIssuerCustomizer.class.hashCode();
        }
    }
}
