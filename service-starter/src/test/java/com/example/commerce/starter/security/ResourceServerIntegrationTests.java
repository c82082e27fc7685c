package com.example.commerce.starter.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.TestIssuer;
import com.example.commerce.testing.TestIssuer.Signer;
import com.example.commerce.testing.TestTokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.Principal;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpMethod;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The resource-server chain every service gets, over real HTTP with real tokens signed by the test
 * issuer: each way a token can be bad is a 401 problem, a valid token without the scope a 403 problem,
 * public endpoints need nothing, and the key set is fetched once and cached.
 */
@SpringBootTest(classes = ResourceServerIntegrationTests.ProbeApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=resource-server-test", "commerce.service.schema=payment",
        "commerce.outbox.enabled=false", "commerce.security.clock-skew=30s"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class ResourceServerIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    enum BadToken {
        EXPIRED, NOT_YET_VALID, WRONG_ISSUER, WRONG_AUDIENCE, ALG_NONE, UNKNOWN_KEY_ID, BAD_SIGNATURE, GARBAGE;

        String token() {
            Instant now = Instant.now();
            TestTokens.Builder valid = TestTokens.builder().subject("probe-client").scopes("probe:write");
            return switch (this) {
                // Beyond the 30 s clock skew on either side.
                case EXPIRED -> valid.issuedAt(now.minus(Duration.ofMinutes(10))).notBefore(now.minus(Duration.ofMinutes(10)))
                        .expiresAt(now.minus(Duration.ofMinutes(1))).build();
                case NOT_YET_VALID -> valid.notBefore(now.plus(Duration.ofMinutes(2))).build();
                case WRONG_ISSUER -> valid.issuer("http://127.0.0.1:1/not-the-issuer").build();
                case WRONG_AUDIENCE -> valid.audience("some-other-api").build();
                case ALG_NONE -> valid.signedBy(Signer.NONE).build();
                case UNKNOWN_KEY_ID -> valid.signedBy(Signer.UNKNOWN_KEY).build();
                case BAD_SIGNATURE -> valid.signedBy(Signer.IMPOSTOR).build();
                case GARBAGE -> "not-a-jwt";
            };
        }
    }

    @Test
    void refusesARequestWithoutATokenWithAProblem() throws Exception {
        HttpResponse<String> response = send("GET", "/probe/me", null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer").doesNotContain("error="));
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode problem = json.readTree(response.body());
        assertThat(problem.get("type").asString()).isEqualTo("urn:commerce:problem:unauthorized");
        assertThat(problem.get("status").asInt()).isEqualTo(401);
    }

    @ParameterizedTest
    @EnumSource(BadToken.class)
    void refusesAnInvalidTokenWithAProblem(BadToken bad) throws Exception {
        HttpResponse<String> response = send("POST", "/probe/write", bad.token());

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer error=\"invalid_token\""));
        assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("urn:commerce:problem:unauthorized");
    }

    @Test
    void acceptsAValidTokenAndNamesItsSubject() throws Exception {
        UUID customer = UUID.randomUUID();

        HttpResponse<String> response = send("GET", "/probe/me", TestTokens.customer(customer));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(customer.toString());
    }

    @Test
    void acceptsATokenJustInsideTheClockSkew() throws Exception {
        Instant now = Instant.now();
        String justExpired = TestTokens.builder().scopes("probe:write").issuedAt(now.minus(Duration.ofMinutes(5)))
                .notBefore(now.minus(Duration.ofMinutes(5))).expiresAt(now.minus(Duration.ofSeconds(5))).build();

        assertThat(send("POST", "/probe/write", justExpired).statusCode()).isEqualTo(200);
    }

    @Test
    void refusesAValidTokenWithoutTheScopeWithAForbiddenProblem() throws Exception {
        HttpResponse<String> response = send("POST", "/probe/write", TestTokens.client("probe-client", "probe:read"));

        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).contains("insufficient_scope"));
        assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("urn:commerce:problem:forbidden");
        assertThat(send("POST", "/probe/write", TestTokens.client("probe-client", "probe:write")).statusCode())
                .as("the same call with the scope").isEqualTo(200);
    }

    @Test
    void keepsTheOperationsApiToTheOperationsScope() throws Exception {
        assertThat(send("GET", "/api/v1/ops/dead-letters", TestTokens.client("probe-client", "probe:write")).statusCode())
                .isEqualTo(403);
        assertThat(send("GET", "/api/v1/ops/dead-letters", TestTokens.opsConsole()).statusCode()).isEqualTo(200);
    }

    @Test
    void leavesHealthTheOpenApiDocumentAndDeclaredPublicEndpointsOpen() throws Exception {
        assertThat(send("GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/actuator/prometheus", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/v3/api-docs", null).statusCode()).isEqualTo(200);
        assertThat(send("GET", "/probe/public", null).statusCode()).isEqualTo(200);
        assertThat(send("POST", "/probe/public", null).statusCode()).as("only GET was declared public").isEqualTo(401);
    }

    @Test
    void publishesItsProtectedResourceMetadataNamingTheIssuer() throws Exception {
        HttpResponse<String> metadata = send("GET", "/.well-known/oauth-protected-resource", null);

        assertThat(metadata.statusCode()).isEqualTo(200);
        JsonNode body = json.readTree(metadata.body());
        assertThat(body.get("authorization_servers").get(0).asString()).isEqualTo(TestIssuer.get().issuer());
        assertThat(body.get("bearer_methods_supported").toString()).contains("header");
        assertThat(body.get("resource_name").asString()).isEqualTo("resource-server-test");
    }

    @Test
    void documentsTheSchemeTheScopesAndThePublicOperations() throws Exception {
        JsonNode document = json.readTree(send("GET", "/v3/api-docs", null).body());

        JsonNode scheme = document.at("/components/securitySchemes/bearer-jwt");
        assertThat(scheme.get("type").asString()).isEqualTo("http");
        assertThat(scheme.get("scheme").asString()).isEqualTo("bearer");
        assertThat(document.at("/paths/~1probe~1write/post/security/0/bearer-jwt/0").asString()).isEqualTo("probe:write");
        assertThat(document.at("/paths/~1probe~1me/get/security/0/bearer-jwt").isArray()).isTrue();
        assertThat(document.at("/paths/~1probe~1public/get/security").isEmpty()).isTrue();
        assertThat(document.at("/paths/~1api~1v1~1ops~1dead-letters/get/security/0/bearer-jwt/0").asString())
                .isEqualTo("ops:dead-letters");
    }

    @Test
    void fetchesTheKeySetOnceAndKeepsIt() throws Exception {
        assertThat(send("GET", "/probe/me", TestTokens.customer(UUID.randomUUID())).statusCode()).isEqualTo(200);
        int fetches = TestIssuer.get().keySetFetches();

        for (int i = 0; i < 5; i++) {
            assertThat(send("GET", "/probe/me", TestTokens.customer(UUID.randomUUID())).statusCode()).isEqualTo(200);
        }

        assertThat(TestIssuer.get().keySetFetches()).isEqualTo(fetches);
    }

    private HttpResponse<String> send(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header(TestTokens.AUTHORIZATION, TestTokens.bearer(token));
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class ProbeApplication {

        @Bean
        PublicEndpoints probeBrowsing() {
            return PublicEndpoints.of(HttpMethod.GET, "/probe/public");
        }

        @Bean
        ProbeController probeController() {
            return new ProbeController();
        }
    }

    @RestController
    static class ProbeController {

        @GetMapping("/probe/me")
        String me(Principal principal) {
            return principal.getName();
        }

        @PostMapping("/probe/write")
        @PreAuthorize("hasAuthority('SCOPE_probe:write')")
        String write() {
            return "written";
        }

        @GetMapping("/probe/public")
        String browse() {
            return "open";
        }

        @PostMapping("/probe/public")
        String notOpen() {
            return "needs a token";
        }
    }
}
