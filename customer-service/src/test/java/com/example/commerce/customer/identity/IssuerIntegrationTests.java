package com.example.commerce.customer.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.customer.IssuerIntegrationTest;
import com.example.commerce.customer.OwnIssuer;
import com.example.commerce.stack.TokenClient;
import com.example.commerce.stack.TokenClient.Tokens;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * customer-service as the issuer, over real HTTP: customers sign up and sign in through the
 * authorization-code flow with PKCE and the login form; clients get tokens by client credentials; the
 * tokens carry what every resource server checks; keys rotate without breaking issued tokens.
 */
@IssuerIntegrationTest
class IssuerIntegrationTests {

    @LocalServerPort
    private int port;

    @Autowired
    private JsonMapper json;

    @Autowired
    private JdbcTemplate jdbc;

    private final HttpClient http = HttpClient.newHttpClient();
    private String issuer;
    private TokenClient tokens;

    @BeforeEach
    void issuer() {
        issuer = "http://127.0.0.1:" + port;
        tokens = new TokenClient(issuer);
    }

    @Test
    void aRegisteredCustomerSignsInWithTheAuthorizationCodeFlowAndGetsAnApiToken() throws Exception {
        String email = "alice-" + UUID.randomUUID() + "@example.com";
        UUID customerId = register(email, "correct horse 42", "Alice");

        Tokens signedIn = tokens.signIn(email.toUpperCase(), "correct horse 42");

        JsonNode claims = claims(signedIn.accessToken());
        assertThat(claims.get("iss").asString()).isEqualTo(issuer);
        assertThat(claims.get("sub").asString()).isEqualTo(customerId.toString());
        assertThat(claims.get("aud").toString()).contains("commerce-api");
        assertThat(claims.get("scope").toString()).contains("openid");
        assertThat(claims.get("exp").asLong()).isGreaterThan(Instant.now().getEpochSecond());
        assertThat(signedIn.idToken()).as("an OpenID Connect ID token").isNotNull();

        HttpResponse<String> me = get("/api/v1/customers/me", signedIn.accessToken());
        assertThat(me.statusCode()).isEqualTo(200);
        assertThat(json.readTree(me.body()).get("id").asString()).isEqualTo(customerId.toString());
        HttpResponse<String> userInfo = get("/userinfo", signedIn.accessToken());
        assertThat(userInfo.statusCode()).as(userInfo.body() + userInfo.headers().map()).isEqualTo(200);
        assertThat(json.readTree(userInfo.body()).get("email").asString()).isEqualTo(email);
    }

    @Test
    void theStorefrontRefreshesWithARotatingRefreshToken() throws Exception {
        String email = "dave-" + UUID.randomUUID() + "@example.com";
        UUID customerId = register(email, "correct horse 42", "Dave");
        Tokens signedIn = tokens.signIn(email, "correct horse 42");
        assertThat(signedIn.refreshToken()).as("the storefront gets a refresh token").isNotNull();

        Tokens refreshed = tokens.refresh("storefront", signedIn.refreshToken());

        assertThat(claims(refreshed.accessToken()).get("sub").asString()).isEqualTo(customerId.toString());
        assertThat(refreshed.refreshToken()).isNotNull().isNotEqualTo(signedIn.refreshToken());
        assertThat(get("/api/v1/customers/me", refreshed.accessToken()).statusCode()).isEqualTo(200);
        assertThatThrownBy(() -> tokens.refresh("storefront", signedIn.refreshToken()))
                .as("a used refresh token is spent").hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> tokens.refresh("ops-console", refreshed.refreshToken()))
                .as("only the client it was issued to").hasMessageContaining("invalid_client");
        assertThat(tokens.refresh("storefront", refreshed.refreshToken()).accessToken()).isNotNull();
    }

    @Test
    void aWrongPasswordGetsNoCode() throws Exception {
        String email = "bob-" + UUID.randomUUID() + "@example.com";
        register(email, "correct horse 42", "Bob");

        assertThatThrownBy(() -> tokens.signIn(email, "wrong horse 42"))
                .isInstanceOf(TokenClient.TokenException.class).hasMessageContaining("sign-in refused");
        assertThatThrownBy(() -> tokens.signIn("nobody-" + UUID.randomUUID() + "@example.com", "correct horse 42"))
                .isInstanceOf(TokenClient.TokenException.class).hasMessageContaining("sign-in refused");
    }

    @Test
    void aClientGetsATokenForItsScopesByClientCredentials() throws Exception {
        Tokens ops = tokens.clientCredentials("ops-console", OwnIssuer.SECRET_PREFIX + "ops-console", "ops:dead-letters");

        JsonNode claims = claims(ops.accessToken());
        assertThat(claims.get("iss").asString()).isEqualTo(issuer);
        assertThat(claims.get("sub").asString()).isEqualTo("ops-console");
        assertThat(claims.get("aud").toString()).contains("commerce-api");
        assertThat(claims.get("scope").toString()).contains("ops:dead-letters").doesNotContain("ops:signing-keys");
        assertThat(claims.get("roles").toString()).contains("operator");
        assertThat(ops.refreshToken()).as("no refresh token for client credentials").isNull();
        assertThat(get("/api/v1/ops/dead-letters", ops.accessToken()).statusCode()).isEqualTo(200);

        String importer = tokens.clientCredentials("catalog-importer", OwnIssuer.SECRET_PREFIX + "catalog-importer").accessToken();
        assertThat(get("/api/v1/ops/dead-letters", importer).statusCode()).as("without the scope").isEqualTo(403);
    }

    @Test
    void anOperatorClientMayHoldThePaymentDeskScope() {
        // payment-service's desk needs ops:payments beside ops:dead-letters; the issuer must know the scope.
        Tokens desk = tokens.clientCredentials("ops-console", OwnIssuer.SECRET_PREFIX + "ops-console",
                "ops:dead-letters", "ops:payments");
        assertThat(claims(desk.accessToken()).get("scope").toString()).contains("ops:payments").contains("ops:dead-letters");
    }

    @Test
    void refusesAWrongSecretAndAScopeTheClientDoesNotHave() {
        assertThatThrownBy(() -> tokens.clientCredentials("ops-console", "not-the-secret"))
                .hasMessageContaining("HTTP 401");
        assertThatThrownBy(() -> tokens.clientCredentials("catalog-importer", OwnIssuer.SECRET_PREFIX + "catalog-importer",
                "ops:dead-letters")).hasMessageContaining("invalid_scope");
    }

    @Test
    void publishesItsDiscoveryDocumentAndKeySet() throws Exception {
        JsonNode discovery = json.readTree(get("/.well-known/openid-configuration", null).body());

        assertThat(discovery.get("issuer").asString()).isEqualTo(issuer);
        assertThat(discovery.get("token_endpoint").asString()).isEqualTo(issuer + "/oauth2/token");
        assertThat(discovery.get("userinfo_endpoint").asString()).isEqualTo(issuer + "/userinfo");
        assertThat(discovery.get("code_challenge_methods_supported").toString()).contains("S256");
        JsonNode keys = json.readTree(get("/oauth2/jwks", null).body()).get("keys");
        assertThat(keys.size()).isPositive();
        assertThat(keys.get(0).has("d")).as("no private part in the key set").isFalse();
    }

    @Test
    void aRotatedKeyStaysPublishedSoTokensItSignedStillVerify() throws Exception {
        String email = "carol-" + UUID.randomUUID() + "@example.com";
        register(email, "correct horse 42", "Carol");
        String before = tokens.signIn(email, "correct horse 42").accessToken();
        String operator = tokens.clientCredentials("ops-console", OwnIssuer.SECRET_PREFIX + "ops-console").accessToken();
        String oldKid = header(before).get("kid").asString();

        HttpResponse<String> rotated = post("/api/v1/ops/signing-keys/rotate", operator);

        assertThat(rotated.statusCode()).isEqualTo(200);
        JsonNode rotation = json.readTree(rotated.body());
        assertThat(rotation.get("retiredKeyId").asString()).isEqualTo(oldKid);
        String newKid = rotation.get("activeKeyId").asString();
        assertThat(newKid).isNotEqualTo(oldKid);
        assertThat(get("/oauth2/jwks", null).body()).contains(oldKid).contains(newKid);
        assertThat(get("/api/v1/customers/me", before).statusCode()).as("a token of the retired key").isEqualTo(200);
        String after = tokens.signIn(email, "correct horse 42").accessToken();
        assertThat(header(after).get("kid").asString()).isEqualTo(newKid);
        assertThat(get("/api/v1/customers/me", after).statusCode()).isEqualTo(200);
        assertThat(post("/api/v1/ops/signing-keys/rotate",
                tokens.clientCredentials("catalog-importer", OwnIssuer.SECRET_PREFIX + "catalog-importer").accessToken())
                .statusCode()).as("rotation needs ops:signing-keys").isEqualTo(403);
    }

    @Test
    void keepsClientsAuthorizationsAndKeysInItsOwnSchema() throws Exception {
        tokens.clientCredentials("ops-console", OwnIssuer.SECRET_PREFIX + "ops-console");

        assertThat(jdbc.queryForObject("SELECT count(*) FROM oauth2_registered_client WHERE client_id = 'storefront'",
                Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT client_secret FROM oauth2_registered_client WHERE client_id = 'ops-console'",
                String.class)).as("the secret is stored hashed").startsWith("{bcrypt}");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM oauth2_authorization WHERE registered_client_id = 'ops-console'",
                Integer.class)).isPositive();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM signing_key WHERE retired_at IS NULL", Integer.class))
                .isEqualTo(1);
    }

    private UUID register(String email, String password, String name) throws Exception {
        HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(issuer + "/api/v1/customers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(java.util.Map.of(
                        "email", email, "password", password, "displayName", name)))).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        return UUID.fromString(json.readTree(created.body()).get("id").asString());
    }

    private JsonNode claims(String jwt) {
        return json.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[1]), StandardCharsets.UTF_8));
    }

    private JsonNode header(String jwt) {
        return json.readTree(new String(Base64.getUrlDecoder().decode(jwt.split("\\.")[0]), StandardCharsets.UTF_8));
    }

    private HttpResponse<String> get(String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer + path)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String token) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer + path)).header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }
}
