package com.example.commerce.customer;

import com.example.commerce.stack.FreePorts;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * customer-service under test is the issuer itself: it listens on a free port chosen up front, so its
 * issuer name ({@code http://127.0.0.1:<port>}, the {@code iss} of its tokens and what its own API
 * checks) is known before it starts; and it registers the test's confidential clients.
 */
public class OwnIssuer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

    /** Every test client's secret is this prefix plus its id. */
    public static final String SECRET_PREFIX = "test-secret-";

    @Override
    public void initialize(ConfigurableApplicationContext context) {
        Map<String, Object> properties = properties(FreePorts.any());
        // A test's own settings (@TestPropertySource) win, except for the port and the issuer's name,
        // which replace the random port of @SpringBootTest.
        properties.keySet().removeIf(name -> !name.equals("server.port") && !name.equals("commerce.security.issuer-uri")
                && context.getEnvironment().containsProperty(name));
        context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("ownIssuer", properties));
    }

    /** The port, the issuer name and the test clients, for a customer-service on {@code port}. */
    public static Map<String, Object> properties(int port) {
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("server.port", String.valueOf(port));
        properties.put("commerce.security.issuer-uri", "http://127.0.0.1:" + port);
        // Every sign-in of a module's tests comes from 127.0.0.1: limits far above what they do, except
        // where a test of the limits sets its own.
        properties.put("commerce.identity.rate-limits.sign-in", "1000");
        properties.put("commerce.identity.rate-limits.sign-up", "1000");
        client(properties, 0, "ops-console", "ops:dead-letters,ops:payments,ops:signing-keys,ops:health", "operator");
        client(properties, 1, "catalog-importer", "catalog:write", "");
        client(properties, 2, "bystander", "", "");
        return properties;
    }

    private static void client(Map<String, Object> properties, int index, String id, String scopes, String roles) {
        String prefix = "commerce.identity.clients[" + index + "].";
        properties.put(prefix + "client-id", id);
        properties.put(prefix + "secret", SECRET_PREFIX + id);
        properties.put(prefix + "scopes", scopes);
        properties.put(prefix + "roles", roles);
    }
}
