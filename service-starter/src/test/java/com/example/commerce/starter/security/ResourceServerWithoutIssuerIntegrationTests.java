package com.example.commerce.starter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * A service whose issuer is out of reach (nothing listens at its address) still starts and reports
 * healthy; a token it cannot check is a 503 problem with Retry-After, not a 401 that would make a client
 * drop a token that may be fine.
 */
@SpringBootTest(classes = ResourceServerWithoutIssuerIntegrationTests.ProbeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=resource-server-no-issuer-test", "commerce.service.schema=payment",
        "commerce.outbox.enabled=false", "commerce.security.issuer-uri=http://127.0.0.1:9",
        "commerce.security.jwks-timeout=1s"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class ResourceServerWithoutIssuerIntegrationTests {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void startsAndReportsHealthyWhileTheIssuerIsAway() throws Exception {
        HttpResponse<String> health = get("/actuator/health", null);

        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void answersATokenItCannotCheckWithServiceUnavailable() throws Exception {
        String token = TestTokens.builder().issuer("http://127.0.0.1:9").subject("ops-console")
                .scopes("ops:dead-letters").build();

        HttpResponse<String> response = get("/api/v1/ops/dead-letters", token);

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Retry-After")).isPresent();
        assertThat(response.body()).contains("\"type\":\"urn:commerce:problem:issuer-unavailable\"");
        assertThat(get("/api/v1/ops/dead-letters", null).statusCode()).as("no token is still a 401").isEqualTo(401);
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProbeApplication {
    }
}
