package com.example.commerce.starter.secrets;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.springframework.core.env.Environment;

/**
 * The secret values this repository publishes, per property: the local stack's and the tests' secrets, the
 * defaults the configuration once had, and the placeholders of {@code .env.example}. They are known to anyone
 * who reads the code, so no deployment may use them ({@link SecretGuard}).
 */
final class DevelopmentSecrets {

    /** {@code .env.example}'s placeholders start so: a copied example file is not a configuration. */
    static final String PLACEHOLDER_PREFIX = "change-me";

    private static final Set<String> CALLBACK_SECRETS = Set.of("local-webhook-secret", "compose-webhook-secret",
            "test-secret");

    static final Map<String, Set<String>> BY_PROPERTY = Map.of(
            // The role's own name (the local stack's roles, and the default when nothing is set), and the image's.
            SecretGuard.DATASOURCE_PASSWORD, Set.of("postgres", "password", "commerce"),
            // The partners' callback secret: payment reads it as such, shipping through its callbacks secret.
            "commerce.partners.webhook-secret", CALLBACK_SECRETS,
            "commerce.shipping.callbacks.secret", CALLBACK_SECRETS,
            // payment-service's wallet keys of the local stack and the tests (dev-1, and the tests' retired key).
            "commerce.payment.encryption.keys", Set.of("uAKcVi5BOAaSRnfC8Ik9MghgTyHdwyYKvEEWO52QNDk=",
                    "3q2+7wABAgMEBQYHCAkKCwwNDg8QERITFBUWFxgZGho="));

    private DevelopmentSecrets() {
    }

    static boolean isDevelopmentValue(String property, String value, Environment environment) {
        String trimmed = value.trim();
        if (trimmed.toLowerCase(Locale.ROOT).startsWith(PLACEHOLDER_PREFIX)) {
            return true;
        }
        if (BY_PROPERTY.getOrDefault(property, Set.of()).contains(trimmed)) {
            return true;
        }
        return property.equals(SecretGuard.DATASOURCE_PASSWORD)
                && (trimmed.equals(environment.getProperty("commerce.service.schema"))
                || trimmed.equals(environment.getProperty("spring.datasource.username")));
    }
}
