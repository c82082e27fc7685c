package com.example.commerce.customer.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.customer.IssuerIntegrationTest;
import com.example.commerce.events.customer.CustomerUpdatedV2;
import com.example.commerce.stack.TokenClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A signed-in customer's own account over HTTP, with tokens from the real sign-in: profile and
 * preferences, addresses with one default, nobody else's address (404, as an unknown one), and erasure.
 */
@IssuerIntegrationTest
class CustomerAccountIntegrationTests {

    private static final String PASSWORD = "correct horse 42";
    private static final String HOME = """
            {"label":"Home","line1":"1 Main Street","city":"Springfield","postalCode":"12345","country":"DE"}""";
    private static final String WORK = """
            {"label":"Work","line1":"9 Office Road","line2":"Floor 3","city":"Springfield","postalCode":"12399",\
            "country":"DE","defaultShipping":true}""";

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();
    private TokenClient tokens;

    @BeforeEach
    void issuer() {
        tokens = new TokenClient(base());
    }

    @Test
    void changesTheProfileAndPreferencesAndPublishesCustomerUpdated() throws Exception {
        Signed heidi = signUpAndIn("heidi");
        JsonNode before = json.readTree(send("GET", "/api/v1/customers/me", null, heidi.token()).body());
        assertThat(before.at("/preferences/language").asString()).isEqualTo("en");
        assertThat(before.at("/preferences/marketingConsent").asBoolean()).isFalse();

        HttpResponse<String> updated = send("PUT", "/api/v1/customers/me", """
                {"displayName":"Heidi H.","preferences":{"marketingConsent":true,"language":"de","currency":"CHF"}}""",
                heidi.token());

        assertThat(updated.statusCode()).isEqualTo(200);
        JsonNode after = json.readTree(updated.body());
        assertThat(after.get("displayName").asString()).isEqualTo("Heidi H.");
        assertThat(after.at("/preferences/currency").asString()).isEqualTo("CHF");
        assertThat(outboxRows(heidi.id(), "customer.CustomerUpdated.v2")).isEqualTo(1);
        assertThat(outboxRows(heidi.id(), "customer.CustomerUpdated.v1")).as("v1 is no longer published").isZero();
        String payload = lastPayload(heidi.id(), "customer.CustomerUpdated.v2");
        assertThat(json.readValue(payload, CustomerUpdatedV2.class)).isEqualTo(new CustomerUpdatedV2(heidi.id(),
                List.of("displayName", "marketingConsent", "language", "currency"), true, "de", "CHF",
                json.readValue(payload, CustomerUpdatedV2.class).occurredAt()));
        assertThat(payload).as("the new name is not on the topic").doesNotContain("Heidi").doesNotContain("@");

        HttpResponse<String> onlyLanguage = send("PUT", "/api/v1/customers/me", """
                {"displayName":"Heidi H.","preferences":{"marketingConsent":true,"language":"de-CH","currency":"CHF"}}""",
                heidi.token());
        assertThat(onlyLanguage.statusCode()).isEqualTo(200);
        assertThat(outboxRows(heidi.id(), "customer.CustomerUpdated.v2")).isEqualTo(2);
        assertThat(json.readValue(lastPayload(heidi.id(), "customer.CustomerUpdated.v2"), CustomerUpdatedV2.class)
                .changedFields()).containsExactly("language");

        HttpResponse<String> same = send("PUT", "/api/v1/customers/me", """
                {"displayName":"Heidi H.","preferences":{"marketingConsent":true,"language":"de-CH","currency":"CHF"}}""",
                heidi.token());
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(outboxRows(heidi.id(), "customer.CustomerUpdated.v2")).as("nothing changed, nothing published")
                .isEqualTo(2);

        HttpResponse<String> invalid = send("PUT", "/api/v1/customers/me", """
                {"displayName":"","preferences":{"marketingConsent":false,"language":"german","currency":"chf"}}""",
                heidi.token());
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(json.readTree(invalid.body()).get("invalidParams").size()).isEqualTo(3);
        assertThat(json.readTree(send("GET", "/api/v1/customers/me", null, heidi.token()).body())
                .get("displayName").asString()).as("unchanged").isEqualTo("Heidi H.");
        assertThat(outboxRows(heidi.id(), "customer.CustomerUpdated.v2")).isEqualTo(2);
    }

    @Test
    void keepsAddressesWithOneDefaultShippingAddress() throws Exception {
        Signed ivan = signUpAndIn("ivan");

        HttpResponse<String> first = send("POST", "/api/v1/customers/me/addresses", HOME, ivan.token());
        assertThat(first.statusCode()).as(first.body()).isEqualTo(201);
        JsonNode home = json.readTree(first.body());
        assertThat(home.get("defaultShipping").asBoolean()).as("the first is the default").isTrue();
        HttpResponse<String> added = send("POST", "/api/v1/customers/me/addresses", WORK, ivan.token());
        assertThat(added.statusCode()).isEqualTo(201);
        JsonNode work = json.readTree(added.body());
        assertThat(added.headers().firstValue("Location")).hasValue("/api/v1/customers/me/addresses/" + work.get("id").asString());

        JsonNode list = json.readTree(send("GET", "/api/v1/customers/me/addresses", null, ivan.token()).body());
        assertThat(list.size()).isEqualTo(2);
        assertThat(list.get(0).get("label").asString()).isEqualTo("Home");
        assertThat(list.get(0).get("defaultShipping").asBoolean()).isFalse();
        assertThat(list.get(1).get("defaultShipping").asBoolean()).isTrue();

        assertThat(send("DELETE", "/api/v1/customers/me/addresses/" + work.get("id").asString(), null, ivan.token())
                .statusCode()).isEqualTo(204);
        JsonNode left = json.readTree(send("GET", "/api/v1/customers/me/addresses", null, ivan.token()).body());
        assertThat(left.size()).isEqualTo(1);
        assertThat(left.get(0).get("defaultShipping").asBoolean()).as("the remaining one is the default").isTrue();
        assertThat(send("POST", "/api/v1/customers/me/addresses", HOME.replace("\"DE\"", "\"Germany\""), ivan.token())
                .statusCode()).isEqualTo(400);
        HttpResponse<String> unassigned = send("POST", "/api/v1/customers/me/addresses", HOME.replace("\"DE\"", "\"ZZ\""),
                ivan.token());
        assertThat(unassigned.statusCode()).as("two letters ISO 3166-1 does not assign").isEqualTo(400);
        assertThat(json.readTree(unassigned.body()).get("invalidParams").get(0).get("reason").asString())
                .isEqualTo("must be an ISO 3166-1 alpha-2 country code");
        assertThat(json.readTree(send("GET", "/api/v1/customers/me/addresses", null, ivan.token()).body()).size())
                .as("nothing added").isEqualTo(1);
    }

    @Test
    void anotherCustomersAddressIsNotFoundAndUntouched() throws Exception {
        Signed judy = signUpAndIn("judy");
        Signed mallory = signUpAndIn("mallory");
        String judysAddress = json.readTree(send("POST", "/api/v1/customers/me/addresses", HOME, judy.token()).body())
                .get("id").asString();

        HttpResponse<String> read = send("GET", "/api/v1/customers/me/addresses/" + judysAddress, null, mallory.token());
        HttpResponse<String> unknown = send("GET", "/api/v1/customers/me/addresses/" + UUID.randomUUID(), null, mallory.token());
        HttpResponse<String> change = send("PUT", "/api/v1/customers/me/addresses/" + judysAddress, WORK, mallory.token());
        HttpResponse<String> remove = send("DELETE", "/api/v1/customers/me/addresses/" + judysAddress, null, mallory.token());

        for (HttpResponse<String> response : new HttpResponse[] {read, unknown, change, remove}) {
            assertThat(response.statusCode()).isEqualTo(404);
            assertThat(json.readTree(response.body()).get("type").asString()).isEqualTo("urn:commerce:problem:address-not-found");
        }
        assertThat(json.readTree(read.body()).get("detail").asString())
                .isEqualTo(json.readTree(unknown.body()).get("detail").asString());
        JsonNode still = json.readTree(send("GET", "/api/v1/customers/me/addresses/" + judysAddress, null, judy.token()).body());
        assertThat(still.get("label").asString()).isEqualTo("Home");
    }

    @Test
    void erasureRemovesThePersonalDataRevokesTheRefreshTokenAndPublishesCustomerErased() throws Exception {
        Signed kim = signUpAndIn("kim");
        send("POST", "/api/v1/customers/me/addresses", HOME, kim.token());

        assertThat(send("DELETE", "/api/v1/customers/me", null, kim.token()).statusCode()).isEqualTo(204);

        Map<String, Object> row = jdbc.queryForMap("SELECT email, display_name, status, erased_at FROM customer WHERE id = ?",
                kim.id());
        assertThat(row.get("email").toString()).doesNotContain("kim").endsWith("@erased.invalid");
        assertThat(row.get("display_name")).isEqualTo("Erased customer");
        assertThat(row.get("status")).isEqualTo("ERASED");
        assertThat(row.get("erased_at")).isNotNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM address WHERE customer_id = ?", Integer.class, kim.id())).isZero();
        assertThat(outboxRows(kim.id(), "customer.CustomerErased.v1")).isEqualTo(1);
        assertThat(send("GET", "/api/v1/customers/me", null, kim.token()).statusCode()).isEqualTo(404);
        assertThatThrownBy(() -> tokens.refresh("storefront", kim.refreshToken())).hasMessageContaining("invalid_grant");
        assertThatThrownBy(() -> tokens.signIn(kim.email(), PASSWORD)).hasMessageContaining("sign-in refused");
        assertThat(register(kim.email()).statusCode()).as("the address is free again").isEqualTo(201);
    }

    record Signed(UUID id, String email, String token, String refreshToken) {
    }

    private Signed signUpAndIn(String name) throws Exception {
        String email = name + "-" + UUID.randomUUID() + "@example.com";
        HttpResponse<String> created = register(email);
        assertThat(created.statusCode()).isEqualTo(201);
        TokenClient.Tokens signedIn = tokens.signIn(email, PASSWORD);
        return new Signed(UUID.fromString(json.readTree(created.body()).get("id").asString()), email,
                signedIn.accessToken(), signedIn.refreshToken());
    }

    private HttpResponse<String> register(String email) throws Exception {
        return send("POST", "/api/v1/customers", "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD
                + "\",\"displayName\":\"Someone\"}", null);
    }

    private String lastPayload(UUID customerId, String type) {
        return new String(jdbc.queryForObject("SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ?"
                + " ORDER BY id DESC LIMIT 1", byte[].class, customerId.toString(), type), StandardCharsets.UTF_8);
    }

    private int outboxRows(UUID customerId, String type) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, customerId.toString(), type);
    }

    private String base() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> send(String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path)).header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
