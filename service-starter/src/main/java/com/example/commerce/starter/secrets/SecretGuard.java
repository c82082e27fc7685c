package com.example.commerce.starter.secrets;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Refuses to start a service whose secrets could not ship: a secret that is missing, or (outside the local stack
 * and the tests) one that holds a development value published in this repository ({@link DevelopmentSecrets}).
 *
 * <p>The secrets of a service: {@code spring.datasource.password} (every service; the starter's default falls back
 * to the role's name, which only the local stack's roles have), and whatever the service names in
 * {@code commerce.secrets.required} (a property, or a map such as {@code commerce.payment.encryption.keys}, whose
 * every entry is a secret and which must have one). Where a service runs: {@code commerce.environment}; only
 * {@code local} (set by the local stack's launcher and by service-test-support in every test context) allows the
 * development values. Anything else, the default included, is a deployment.
 *
 * <p>Runs as the first bean factory post-processor of the context: after every property source (command line,
 * environment, a test's initializers) is in place and before any bean that would use a secret (the datasource,
 * Flyway) is created. Its {@link InsecureSecretsException} names every offending property at once;
 * {@link InsecureSecretsFailureAnalyzer} prints it as Spring Boot's "APPLICATION FAILED TO START" report.
 */
public final class SecretGuard implements BeanFactoryPostProcessor, EnvironmentAware, Ordered {

    /** Where the service runs; {@value #LOCAL} allows development secrets. */
    public static final String ENVIRONMENT_PROPERTY = "commerce.environment";

    public static final String LOCAL = "local";

    /** The secret properties a service names besides the datasource password. */
    public static final String REQUIRED_PROPERTY = "commerce.secrets.required";

    public static final String DATASOURCE_PASSWORD = "spring.datasource.password";

    /** What an operator sets for a property when it is not the property itself. */
    private static final Map<String, String> SET_THROUGH = Map.of(DATASOURCE_PASSWORD, "COMMERCE_DB_PASSWORD");

    /** One secret that cannot ship, and why. */
    public record Violation(String property, Reason reason) {

        public String describe() {
            String through = SET_THROUGH.containsKey(property) ? " (set " + SET_THROUGH.get(property) + ")" : "";
            return property + through + ": " + reason.text;
        }
    }

    public enum Reason {
        MISSING("missing"),
        DEVELOPMENT_VALUE("holds a development value published in this repository");

        private final String text;

        Reason(String text) {
            this.text = text;
        }
    }

    private Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public void postProcessBeanFactory(ConfigurableListableBeanFactory beanFactory) {
        List<Violation> violations = check(environment);
        if (!violations.isEmpty()) {
            throw new InsecureSecretsException(environment.getProperty("spring.application.name", "the service"),
                    isLocal(environment), violations);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    public static boolean isLocal(Environment environment) {
        return LOCAL.equalsIgnoreCase(environment.getProperty(ENVIRONMENT_PROPERTY, "").trim());
    }

    /** Every secret of the service that is missing, or a development value outside the local environment. */
    public static List<Violation> check(Environment environment) {
        Binder binder = Binder.get(environment);
        boolean local = isLocal(environment);
        List<String> names = new ArrayList<>();
        names.add(DATASOURCE_PASSWORD);
        binder.bind(REQUIRED_PROPERTY, Bindable.listOf(String.class)).orElse(List.of()).stream()
                .map(String::trim).filter(name -> !name.isEmpty() && !names.contains(name)).forEach(names::add);
        List<Violation> violations = new ArrayList<>();
        for (String name : names) {
            Map<String, String> values = valuesOf(binder, name);
            if (values.isEmpty()) {
                violations.add(new Violation(name, Reason.MISSING));
                continue;
            }
            values.forEach((property, value) -> {
                if (isUnset(value)) {
                    violations.add(new Violation(property, Reason.MISSING));
                } else if (!local && DevelopmentSecrets.isDevelopmentValue(name, value, environment)) {
                    violations.add(new Violation(property, Reason.DEVELOPMENT_VALUE));
                }
            });
        }
        return violations;
    }

    /** The property's value under its own name, or each entry of the map it names under {@code name.key}. */
    private static Map<String, String> valuesOf(Binder binder, String name) {
        Map<String, String> values = new LinkedHashMap<>();
        String scalar = binder.bind(name, String.class).orElse(null);
        if (scalar != null) {
            values.put(name, scalar);
            return values;
        }
        try {
            binder.bind(name, Bindable.mapOf(String.class, String.class)).orElse(Map.of())
                    .forEach((key, value) -> values.put(name + "." + key, value));
        } catch (RuntimeException notAMap) {
            // Neither a value nor a map of values: missing.
        }
        return values;
    }

    private static boolean isUnset(String value) {
        return value == null || value.isBlank() || value.contains("${");
    }
}
