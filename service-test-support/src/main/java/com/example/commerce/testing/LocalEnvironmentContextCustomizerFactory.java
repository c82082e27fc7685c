package com.example.commerce.testing;

import com.example.commerce.stack.LocalSecrets;
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
 * Every Spring test context of a module that has service-test-support on its test classpath runs in the local
 * environment ({@code commerce.environment=local}) with the tests' secrets ({@link LocalSecrets#testProperties()}):
 * the starter's secret guard then accepts the development values. Added with the lowest precedence, so a test's
 * own properties (and the module's test configuration) win; a test that starts a service itself passes
 * {@link LocalSecrets#testArguments()}. Registered in {@code META-INF/spring.factories}.
 */
public class LocalEnvironmentContextCustomizerFactory implements ContextCustomizerFactory {

    static final String PROPERTY_SOURCE_NAME = "localTestEnvironment";

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return new LocalEnvironmentCustomizer();
    }

    /** Stateless, so every test context shares its cache key. */
    static final class LocalEnvironmentCustomizer implements ContextCustomizer {

        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration mergedConfig) {
            Map<String, Object> properties = new HashMap<>(LocalSecrets.testProperties());
            context.getEnvironment().getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME, properties));
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof LocalEnvironmentCustomizer;
        }

        @Override
        public int hashCode() {
            return LocalEnvironmentCustomizer.class.hashCode();
        }
    }
}
