package com.example.commerce.customer.identity;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.customer.CustomerServiceApplication;
import com.example.commerce.customer.OwnIssuer;
import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.TokenClient;
import com.example.commerce.stack.TokenClient.Tokens;
import com.example.commerce.testing.SharedInfrastructure;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import com.example.commerce.stack.LocalSecrets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A restart of customer-service keeps every token it issued: the access token still opens the
 * customer's account, the refresh token still refreshes, and the keys are the same, because clients,
 * authorizations and signing keys are rows in its schema, not memory. Two real starts of the
 * application on one port and one database.
 */
class TokensSurviveRestartIntegrationTests {

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void tokensIssuedBeforeARestartStillWorkAfterIt() throws Exception {
        int port = FreePorts.any();
        String issuer = "http://127.0.0.1:" + port;
        TokenClient client = new TokenClient(issuer);
        String email = "restart-" + UUID.randomUUID() + "@example.com";
        Tokens customer;
        String operator;
        String keySetBefore;
        try (ConfigurableApplicationContext first = start(port)) {
            assertThat(post(issuer + "/api/v1/customers", "{\"email\":\"" + email
                    + "\",\"password\":\"correct horse 42\",\"displayName\":\"Restart\"}").statusCode()).isEqualTo(201);
            customer = client.signIn(email, "correct horse 42");
            operator = client.clientCredentials("ops-console", OwnIssuer.SECRET_PREFIX + "ops-console").accessToken();
            keySetBefore = get(issuer + "/oauth2/jwks", null).body();
        }

        try (ConfigurableApplicationContext second = start(port)) {
            assertThat(get(issuer + "/api/v1/customers/me", customer.accessToken()).statusCode()).isEqualTo(200);
            assertThat(get(issuer + "/api/v1/ops/dead-letters", operator).statusCode()).isEqualTo(200);
            assertThat(get(issuer + "/oauth2/jwks", null).body()).isEqualTo(keySetBefore);
            assertThat(get(issuer + "/oauth2/jwks", null).body()).contains(kid(customer.accessToken()));
            Tokens refreshed = client.refresh("storefront", customer.refreshToken());
            assertThat(get(issuer + "/api/v1/customers/me", refreshed.accessToken()).statusCode()).isEqualTo(200);
        }
    }

    private static ConfigurableApplicationContext start(int port) {
        Map<String, Object> properties = new LinkedHashMap<>(OwnIssuer.properties(port));
        properties.put("server.address", "127.0.0.1");
        properties.put("commerce.db.url", SharedInfrastructure.get().databaseUrl());
        properties.put("commerce.kafka.bootstrap-servers", SharedInfrastructure.get().bootstrapServers());
        // Started by hand, so without service-test-support's test context: the local environment, as in every test.
        properties.putAll(LocalSecrets.testProperties());
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        return new SpringApplicationBuilder(CustomerServiceApplication.class).run(args.toArray(String[]::new));
    }

    private static String kid(String jwt) {
        String header = new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8);
        return header.replaceAll(".*\"kid\"\\s*:\\s*\"([^\"]+)\".*", "$1");
    }

    private HttpResponse<String> get(String url, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String url, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
