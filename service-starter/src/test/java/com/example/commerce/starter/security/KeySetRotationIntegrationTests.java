package com.example.commerce.starter.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.TestIssuer;
import com.example.commerce.testing.TestIssuer.Signer;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ContextConfiguration;

/**
 * The issuer rotates its key: a resource server takes up the new key id (a key id it lacks makes it fetch
 * the key set again, at most once a second), and stops trusting a key the issuer withdrew once its
 * cached key set expires ({@code commerce.security.jwks-cache-ttl}, 2 s here).
 */
@SpringBootTest(classes = KeySetRotationIntegrationTests.ProbeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=key-rotation-test", "commerce.service.schema=payment",
        "commerce.outbox.enabled=false", "commerce.security.jwks-cache-ttl=2s"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class KeySetRotationIntegrationTests {

    @LocalServerPort
    private int port;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void madeUpKeyIdsDoNotMakeItFetchTheKeySetOverAndOver() throws Exception {
        assertThat(status(TestTokens.customer(UUID.randomUUID()))).isEqualTo(404);
        int fetches = TestIssuer.get().keySetFetches();

        for (int i = 0; i < 20; i++) {
            assertThat(status(TestTokens.builder().signedBy(Signer.UNKNOWN_KEY).build())).isEqualTo(401);
        }

        assertThat(TestIssuer.get().keySetFetches() - fetches).as("at most one fetch per second").isLessThanOrEqualTo(3);
    }

    @Test
    void takesUpARotatedKeyAtOnceAndDropsAWithdrawnOneWhenTheCacheExpires() throws Exception {
        assertThat(status(TestTokens.customer(UUID.randomUUID()))).isEqualTo(404);
        String byNextKey = TestTokens.builder().subject("rotated").signedBy(Signer.NEXT).build();
        assertThat(status(byNextKey)).as("not published yet").isEqualTo(401);
        try {
            TestIssuer.get().publishNextKey();

            // Fetched again for the unknown key id, once the 1 s since the last fetch have passed.
            await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).until(() -> status(byNextKey) == 404);

            TestIssuer.get().withdrawNextKey();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(250))
                    .until(() -> status(byNextKey) == 401);
        } finally {
            TestIssuer.get().withdrawNextKey();
        }
        assertThat(status(TestTokens.customer(UUID.randomUUID()))).as("the current key still").isEqualTo(404);
    }

    /** 404 (no such path, but the token was accepted) or 401 (refused). */
    private int status(String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/no-such-thing"))
                .header(TestTokens.AUTHORIZATION, TestTokens.bearer(token)).GET().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode();
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProbeApplication {
    }
}
