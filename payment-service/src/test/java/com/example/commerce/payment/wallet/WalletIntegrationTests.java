package com.example.commerce.payment.wallet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.UUID;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import tools.jackson.databind.JsonNode;

/** The wallet over its API: the card goes to the provider and nowhere else; only the owner sees it. */
@ExtendWith(OutputCaptureExtension.class)
class WalletIntegrationTests extends PaymentIntegrationTest {

    private static final String CARD = "5555555555554444";

    @Autowired
    private CircuitBreaker breaker;

    @Test
    void savesOnlyTheTokenAndWhatMayBeShownNeverTheNumberOrCvc(CapturedOutput output) throws Exception {
        UUID customer = UUID.randomUUID();
        HttpResponse<String> saved = post("/api/v1/payment-methods", TestTokens.customer(customer), card(CARD, "987"));
        assertThat(saved.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(saved.body());
        assertThat(body.get("brand").asString()).isEqualTo("MASTERCARD");
        assertThat(body.get("last4").asString()).isEqualTo("4444");
        assertThat(body.get("holderName").asString()).isEqualTo("Ada Lovelace");
        assertThat(saved.body()).doesNotContain(CARD).doesNotContain("987").doesNotContain("tok_");
        assertThat(saved.headers().firstValue("Location")).hasValue("/api/v1/payment-methods/" + body.get("id").asString());

        // Nowhere in the schema: every row of every table as text.
        List<String> tables = jdbc().queryForList(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'payment'", String.class);
        for (String table : tables) {
            List<String> rows = jdbc().queryForList("SELECT t::text FROM payment." + table + " t", String.class);
            assertThat(rows).as(table).noneMatch(row -> row.contains(CARD) || row.contains("Ada Lovelace"));
        }
        String stored = jdbc().queryForObject("SELECT provider_token FROM payment_method WHERE id = ?", String.class,
                UUID.fromString(body.get("id").asString()));
        assertThat(stored).startsWith("dev-1:").doesNotContain("tok_");
        assertThat(output.getAll()).doesNotContain(CARD).doesNotContain("\"cvc\"");
    }

    @Test
    void refusesAnInvalidCardBeforeAskingTheProvider(CapturedOutput output) throws Exception {
        String token = TestTokens.customer(UUID.randomUUID());
        HttpResponse<String> luhn = post("/api/v1/payment-methods", token, card("4242424242424241", "123"));
        assertThat(luhn.statusCode()).isEqualTo(400);
        assertThat(luhn.body()).contains("urn:commerce:problem:validation-failed").contains("cardNumber")
                .doesNotContain("4242424242424241");
        HttpResponse<String> cvc = post("/api/v1/payment-methods", token, card(CARD, "12"));
        assertThat(cvc.statusCode()).isEqualTo(400);
        assertThat(cvc.body()).contains("\"cvc\"");
        HttpResponse<String> expired = post("/api/v1/payment-methods", token, """
                {"cardNumber":"%s","expiryMonth":1,"expiryYear":2020,"cvc":"123"}""".formatted(CARD));
        assertThat(expired.statusCode()).isEqualTo(400);
        assertThat(expired.body()).contains("expired");
        assertThat(post("/api/v1/payment-methods", null, card(CARD, "123")).statusCode()).isEqualTo(401);
        assertThat(post("/api/v1/payment-methods", TestTokens.client("integrator"), card(CARD, "123")).statusCode())
                .isEqualTo(403);
        assertThat(output.getAll()).doesNotContain("4242424242424241").doesNotContain(CARD);
    }

    @Test
    void answers503WhenTheProviderIsAwayAndSavesNothing() throws Exception {
        UUID customer = UUID.randomUUID();
        provider.behave("{\"outage\":true}");
        HttpResponse<String> away = post("/api/v1/payment-methods", TestTokens.customer(customer), card(CARD, "123"));
        assertThat(away.statusCode()).isEqualTo(503);
        assertThat(away.body()).contains("urn:commerce:problem:provider-unavailable");
        assertThat(jdbc().queryForObject("SELECT count(*) FROM payment_method WHERE customer_id = ?", Integer.class, customer))
                .isZero();
        // Back again: once the breaker lets a call through, cards are saved (and the next tests find it closed).
        provider.behave("{\"outage\":false}");
        await("saving cards again").atMost(PATIENCE).until(() ->
                post("/api/v1/payment-methods", TestTokens.customer(customer), card(CARD, "123")).statusCode() == 201);
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
    }

    @Test
    void showsACardToItsOwnerAndToPaymentsReadOnly() throws Exception {
        UUID owner = UUID.randomUUID();
        UUID card = savedCard(owner, GOOD_CARD);
        savedCard(owner, CARD);
        String path = "/api/v1/payment-methods/" + card;
        assertThat(get(path, TestTokens.customer(owner)).statusCode()).isEqualTo(200);
        assertThat(get(path, TestTokens.customer(UUID.randomUUID())).statusCode()).isEqualTo(404);
        assertThat(get(path, TestTokens.client("order-service", "payments:read")).statusCode()).isEqualTo(200);

        JsonNode page = json.readTree(get("/api/v1/payment-methods?size=1", TestTokens.customer(owner)).body());
        assertThat(page.get("totalItems").asLong()).isEqualTo(2);
        assertThat(page.get("totalPages").asInt()).isEqualTo(2);
        assertThat(page.get("items").size()).isEqualTo(1);
        assertThat(json.readTree(get("/api/v1/payment-methods", TestTokens.customer(UUID.randomUUID())).body())
                .get("totalItems").asLong()).isZero();
        assertThat(json.readTree(get("/api/v1/payment-methods?customerId=" + owner,
                TestTokens.client("support", "payments:read")).body()).get("totalItems").asLong()).isEqualTo(2);
        assertThat(json.readTree(get("/api/v1/payment-methods?customerId=" + owner,
                TestTokens.customer(UUID.randomUUID())).body()).get("totalItems").asLong()).isZero();

        assertThat(delete(path, TestTokens.customer(UUID.randomUUID())).statusCode()).isEqualTo(404);
        assertThat(get(path, TestTokens.customer(owner)).statusCode()).isEqualTo(200);
        assertThat(delete(path, TestTokens.customer(owner)).statusCode()).isEqualTo(204);
        assertThat(get(path, TestTokens.customer(owner)).statusCode()).isEqualTo(404);
    }
}
