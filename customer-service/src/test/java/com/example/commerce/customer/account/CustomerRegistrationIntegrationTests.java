package com.example.commerce.customer.account;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.customer.IssuerIntegrationTest;
import com.example.commerce.customer.OwnIssuer;
import com.example.commerce.stack.TokenClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Signing up over HTTP: the rules, what is stored, and the event; bad input changes nothing. */
@IssuerIntegrationTest
class CustomerRegistrationIntegrationTests {

    private static final String PASSWORD = "correct horse 42";

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private JsonMapper json;

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void registersACustomerWithAHashedPasswordAndPublishesCustomerRegistered() throws Exception {
        String email = "Erin-" + UUID.randomUUID() + "@Example.com";

        HttpResponse<String> created = register(email, PASSWORD, "Erin");

        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/customers/me");
        JsonNode body = json.readTree(created.body());
        UUID id = UUID.fromString(body.get("id").asString());
        assertThat(body.get("email").asString()).isEqualTo(email.toLowerCase());
        assertThat(body.has("password")).isFalse();
        assertThat(jdbc.queryForObject("SELECT password_hash FROM customer WHERE id = ?", String.class, id))
                .startsWith("{bcrypt}").doesNotContain(PASSWORD);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, id.toString(), "customer.CustomerRegistered.v2")).isEqualTo(1);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                Integer.class, id.toString(), "customer.CustomerRegistered.v1")).as("v1 is no longer published")
                .isZero();
        String payload = new String(jdbc.queryForObject(
                "SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ?", byte[].class,
                id.toString(), "customer.CustomerRegistered.v2"), StandardCharsets.UTF_8);
        JsonNode event = json.readTree(payload);
        assertThat(event.get("customerId").asString()).isEqualTo(id.toString());
        assertThat(event.get("language").asString()).isEqualTo("en");
        assertThat(event.get("currency").asString()).isEqualTo("EUR");
        assertThat(event.get("marketingConsent").asBoolean()).isFalse();
        assertThat(payload).as("no personal data on the topic")
                .doesNotContainIgnoringCase(email).doesNotContain("Erin").doesNotContain("email")
                .doesNotContain("displayName");
    }

    @Test
    void anEmailIsTakenWhateverItsCase() throws Exception {
        String email = "frank-" + UUID.randomUUID() + "@example.com";
        assertThat(register(email, PASSWORD, "Frank").statusCode()).isEqualTo(201);

        HttpResponse<String> again = register(email.toUpperCase(), PASSWORD, "Other Frank");

        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(json.readTree(again.body()).get("type").asString()).isEqualTo("urn:commerce:problem:email-taken");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer WHERE lower(email) = ?", Integer.class, email))
                .isEqualTo(1);
    }

    @Test
    void aWeakPasswordOrABadEmailIsAValidationProblemAndStoresNothing() throws Exception {
        String email = "grace-" + UUID.randomUUID() + "@example.com";

        for (String weak : new String[] {"short1", "onlyletterslong", "123456789012345", "my password1 is good"}) {
            HttpResponse<String> refused = register(email, weak, "Grace");
            assertThat(refused.statusCode()).as(weak).isEqualTo(400);
            JsonNode problem = json.readTree(refused.body());
            assertThat(problem.get("type").asString()).isEqualTo("urn:commerce:problem:validation-failed");
            assertThat(problem.get("invalidParams").get(0).get("name").asString()).isEqualTo("password");
        }
        String containsEmail = email.substring(0, email.indexOf('@')) + "!x";
        assertThat(register(email, containsEmail, "Grace").statusCode()).isEqualTo(400);
        assertThat(register("not-an-email", PASSWORD, "Grace").statusCode()).isEqualTo(400);
        assertThat(register(email, PASSWORD, "").statusCode()).isEqualTo(400);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM customer WHERE email = ?", Integer.class, email)).isZero();
    }

    @Test
    void theAccountIsOnlyTheCustomersOwn() throws Exception {
        assertThat(me(null).statusCode()).isEqualTo(401);
        String client = new TokenClient(issuer()).clientCredentials("catalog-importer",
                OwnIssuer.SECRET_PREFIX + "catalog-importer").accessToken();
        HttpResponse<String> notACustomer = me(client);
        assertThat(notACustomer.statusCode()).as("a client has no account").isEqualTo(404);
        assertThat(json.readTree(notACustomer.body()).get("type").asString())
                .isEqualTo("urn:commerce:problem:customer-not-found");
    }

    private String issuer() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> register(String email, String password, String name) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(issuer() + "/api/v1/customers"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(Map.of(
                        "email", email, "password", password, "displayName", name)))).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> me(String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(issuer() + "/api/v1/customers/me")).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
