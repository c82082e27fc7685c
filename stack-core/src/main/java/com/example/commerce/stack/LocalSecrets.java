package com.example.commerce.stack;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How the local stack and the tests tell a service where it runs, and the development secrets they give it.
 *
 * <p>A service refuses to start when one of its secrets is missing, and (unless {@code commerce.environment}
 * is {@value #LOCAL}) when one holds a development value published in this repository (service-starter,
 * {@code SecretGuard}). {@link Fleet} passes {@link #ENVIRONMENT_ARGUMENT} to every service it starts, and the
 * wallet key to payment-service; service-test-support sets {@link #testProperties()} in every Spring test
 * context. Nothing here may reach a real deployment: these values are public.
 */
public final class LocalSecrets {

    /** The property that says where a service runs; only {@value #LOCAL} allows development secrets. */
    public static final String ENVIRONMENT_PROPERTY = "commerce.environment";

    public static final String LOCAL = "local";

    public static final String ENVIRONMENT_ARGUMENT = "--" + ENVIRONMENT_PROPERTY + "=" + LOCAL;

    /** The partners' callback secret of the tests (the local stack draws a random one per run). */
    public static final String WEBHOOK_SECRET = "local-webhook-secret";

    /** payment-service's wallet key of the local stack and the tests: an AES-256 key, base64. */
    public static final String WALLET_KEY_ID = "dev-1";

    public static final String WALLET_KEY = "uAKcVi5BOAaSRnfC8Ik9MghgTyHdwyYKvEEWO52QNDk=";

    private LocalSecrets() {
    }

    /** payment-service's wallet key as properties (the same key across runs, so a local wallet stays readable). */
    public static Map<String, String> walletKey() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("commerce.payment.encryption.active-key-id", WALLET_KEY_ID);
        properties.put("commerce.payment.encryption.keys." + WALLET_KEY_ID, WALLET_KEY);
        return properties;
    }

    /** What every Spring test context of a service gets: the local environment and the tests' secrets. */
    public static Map<String, String> testProperties() {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put(ENVIRONMENT_PROPERTY, LOCAL);
        properties.put("commerce.partners.webhook-secret", WEBHOOK_SECRET);
        properties.putAll(walletKey());
        return properties;
    }

    /** {@link #testProperties()} as command-line arguments, for a test that starts a service itself. */
    public static List<String> testArguments() {
        List<String> arguments = new ArrayList<>();
        testProperties().forEach((name, value) -> arguments.add("--" + name + "=" + value));
        return arguments;
    }
}
