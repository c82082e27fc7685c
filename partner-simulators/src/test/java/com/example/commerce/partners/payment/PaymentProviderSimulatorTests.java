package com.example.commerce.partners.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The simulated payment provider over real HTTP: tokens, intents, idempotency, knobs, ledger, webhooks. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"simulators.payment.webhook-backoff=50ms", "simulators.webhook-secret=test-secret"})
class PaymentProviderSimulatorTests {

    private static final String GOOD_CARD = "4242424242424242";
    private static final String DECLINING_CARD = "4000000000000002";

    private final HttpClient http = HttpClient.newHttpClient();
    private final JsonMapper json = JsonMapper.builder().build();
    private final int expiryYear = YearMonth.now().getYear() + 2;

    @LocalServerPort
    private int port;

    @Autowired
    private WebhookSender webhookSender;

    @AfterEach
    void resetBehaviour() throws Exception {
        post("/provider/admin/reset", null, null);
    }

    @Test
    void tokenisesAValidCardAndRefusesInvalidOnes() throws Exception {
        HttpResponse<String> token = post("/provider/v1/tokens", null, card(GOOD_CARD, "123"));
        assertThat(token.statusCode()).isEqualTo(201);
        JsonNode body = json.readTree(token.body());
        assertThat(body.get("token").asString()).startsWith("tok_");
        assertThat(body.get("brand").asString()).isEqualTo("VISA");
        assertThat(body.get("last4").asString()).isEqualTo("4242");
        assertThat(token.body()).doesNotContain(GOOD_CARD);

        assertThat(code(post("/provider/v1/tokens", null, card("4242424242424241", "123")))).isEqualTo("invalid_number");
        assertThat(code(post("/provider/v1/tokens", null, card(GOOD_CARD, "12")))).isEqualTo("invalid_cvc");
        assertThat(code(post("/provider/v1/tokens", null, """
                {"cardNumber":"%s","expiryMonth":1,"expiryYear":2020,"cvc":"123","holderName":"A"}"""
                .formatted(GOOD_CARD)))).isEqualTo("expired_card");
    }

    @Test
    void authorisesOnceForOneIdempotencyKeyAndRefusesTheKeyWithAnotherBody() throws Exception {
        String reference = UUID.randomUUID().toString();
        String token = token(GOOD_CARD);
        String key = reference + ":authorize";
        HttpResponse<String> first = post("/provider/v1/payment-intents", key, intent(1999, token, reference));
        HttpResponse<String> again = post("/provider/v1/payment-intents", key, intent(1999, token, reference));
        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(json.readTree(first.body()).get("status").asString()).isEqualTo("AUTHORIZED");
        assertThat(json.readTree(again.body()).get("id").asString()).isEqualTo(json.readTree(first.body()).get("id").asString());
        assertThat(ledger(reference)).extracting(entry -> entry.get("kind").asString()).containsExactly("AUTHORIZATION");

        HttpResponse<String> other = post("/provider/v1/payment-intents", key, intent(2999, token, reference));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(ledger(reference)).hasSize(1);

        HttpResponse<String> found = get("/provider/v1/payment-intents?idempotencyKey=" + key);
        assertThat(json.readTree(found.body()).get("id").asString()).isEqualTo(json.readTree(first.body()).get("id").asString());
        assertThat(get("/provider/v1/payment-intents?idempotencyKey=" + UUID.randomUUID()).statusCode()).isEqualTo(404);
    }

    @Test
    void declinesCardsEndingIn0002() throws Exception {
        String reference = UUID.randomUUID().toString();
        HttpResponse<String> declined = post("/provider/v1/payment-intents", reference + ":authorize",
                intent(500, token(DECLINING_CARD), reference));
        JsonNode body = json.readTree(declined.body());
        assertThat(body.get("status").asString()).isEqualTo("DECLINED");
        assertThat(body.get("declineReason").asString()).isEqualTo("card_declined");
        assertThat(ledger(reference)).extracting(entry -> entry.get("kind").asString()).containsExactly("DECLINE");
    }

    @Test
    void capturesRefundsAndRefusesIllegalTransitions() throws Exception {
        String reference = UUID.randomUUID().toString();
        String id = authorised(reference, 1000);
        assertThat(post("/provider/v1/payment-intents/" + id + "/capture", reference + ":capture", "{}").statusCode())
                .isEqualTo(200);
        HttpResponse<String> voidAfterCapture = post("/provider/v1/payment-intents/" + id + "/void", reference + ":void", null);
        assertThat(voidAfterCapture.statusCode()).isEqualTo(409);
        assertThat(code(voidAfterCapture)).isEqualTo("intent_captured");
        assertThat(post("/provider/v1/payment-intents/" + id + "/refunds", reference + ":refund", "{\"amountMinor\":1001}")
                .statusCode()).isEqualTo(422);
        HttpResponse<String> refunded = post("/provider/v1/payment-intents/" + id + "/refunds", reference + ":refund",
                "{\"amountMinor\":1000}");
        assertThat(json.readTree(refunded.body()).get("status").asString()).isEqualTo("REFUNDED");
        assertThat(ledger(reference)).extracting(entry -> entry.get("kind").asString())
                .containsExactly("AUTHORIZATION", "CAPTURE", "REFUND");

        String voided = authorised(UUID.randomUUID().toString(), 700);
        assertThat(post("/provider/v1/payment-intents/" + voided + "/void", voided + ":void", null).statusCode()).isEqualTo(200);
        HttpResponse<String> captureVoided = post("/provider/v1/payment-intents/" + voided + "/capture", voided + ":capture", "{}");
        assertThat(captureVoided.statusCode()).isEqualTo(409);
        assertThat(code(captureVoided)).isEqualTo("intent_voided");
    }

    @Test
    void outageAnswers503AndChargesNothing() throws Exception {
        String token = token(GOOD_CARD);
        put("/provider/admin/behaviour", "{\"outage\":true}");
        String reference = UUID.randomUUID().toString();
        assertThat(post("/provider/v1/payment-intents", reference + ":authorize", intent(100, token, reference))
                .statusCode()).isEqualTo(503);
        assertThat(ledger(reference)).isEmpty();
        assertThat(json.readTree(get("/provider/admin/behaviour").body()).get("declineRate").asDouble()).isZero();
    }

    @Test
    void ambiguousOperationIsPerformedButAnswered504() throws Exception {
        String token = token(GOOD_CARD);
        put("/provider/admin/behaviour", "{\"ambiguousRate\":1,\"ambiguousHoldMs\":50}");
        String reference = UUID.randomUUID().toString();
        assertThat(post("/provider/v1/payment-intents", reference + ":authorize", intent(100, token, reference))
                .statusCode()).isEqualTo(504);
        assertThat(ledger(reference)).hasSize(1);
        HttpResponse<String> found = get("/provider/v1/payment-intents?idempotencyKey=" + reference + ":authorize");
        assertThat(json.readTree(found.body()).get("status").asString()).isEqualTo("AUTHORIZED");
    }

    @Test
    void changesOnlyTheKnobsGivenAndResetsTheLedgerOnlyWhenAsked() throws Exception {
        put("/provider/admin/behaviour", "{\"declineRate\":0.5}");
        put("/provider/admin/behaviour", "{\"latencyMs\":5}");
        JsonNode behaviour = json.readTree(get("/provider/admin/behaviour").body());
        assertThat(behaviour.get("declineRate").asDouble()).isEqualTo(0.5);
        assertThat(behaviour.get("latencyMs").asLong()).isEqualTo(5);
        assertThat(put("/provider/admin/behaviour", "{\"declineRate\":2}").statusCode()).isEqualTo(400);

        String reference = UUID.randomUUID().toString();
        post("/provider/admin/reset", null, null);
        authorised(reference, 100);
        post("/provider/admin/reset", null, null);
        assertThat(ledger(reference)).hasSize(1);
        post("/provider/admin/reset?ledger=true", null, null);
        assertThat(ledger(reference)).isEmpty();
    }

    @Test
    void sendsSignedWebhooksWithUniqueIdsAndRetriesAFailedOne() throws Exception {
        List<String[]> received = new CopyOnWriteArrayList<>();
        HttpServer receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            received.add(new String[] {exchange.getRequestHeaders().getFirst("X-Signature"), body});
            // The first delivery fails, so the simulator must try again.
            exchange.sendResponseHeaders(received.size() == 1 ? 500 : 204, -1);
            exchange.close();
        });
        receiver.start();
        try {
            String reference = UUID.randomUUID().toString();
            String callback = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/hook";
            String body = """
                    {"amountMinor":250,"currency":"EUR","token":"%s","reference":"%s","callbackUrl":"%s"}"""
                    .formatted(token(GOOD_CARD), reference, callback);
            post("/provider/v1/payment-intents", reference + ":authorize", body);
            await().atMost(Duration.ofSeconds(10)).until(() -> received.size() >= 2);
            String[] delivery = received.get(1);
            JsonNode event = json.readTree(delivery[1]);
            assertThat(event.get("type").asString()).isEqualTo("payment_intent.authorized");
            assertThat(event.get("data").get("reference").asString()).isEqualTo(reference);
            String timestamp = delivery[0].substring(2, delivery[0].indexOf(','));
            assertThat(Long.parseLong(timestamp)).isCloseTo(Instant.now().getEpochSecond(), org.assertj.core.data.Offset.offset(30L));
            assertThat(delivery[0]).endsWith(",v1=" + webhookSender.sign(timestamp + "." + delivery[1]));
            assertThat(json.readTree(received.get(0)[1]).get("id").asString()).isEqualTo(event.get("id").asString());
            // No third delivery once one was answered 2xx.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> received.size() == 2);
        } finally {
            receiver.stop(0);
        }
    }

    private String authorised(String reference, long amount) throws Exception {
        HttpResponse<String> response = post("/provider/v1/payment-intents", reference + ":authorize",
                intent(amount, token(GOOD_CARD), reference));
        assertThat(response.statusCode()).isEqualTo(200);
        return json.readTree(response.body()).get("id").asString();
    }

    private String token(String number) throws Exception {
        return json.readTree(post("/provider/v1/tokens", null, card(number, "123")).body()).get("token").asString();
    }

    private String card(String number, String cvc) {
        return """
                {"cardNumber":"%s","expiryMonth":12,"expiryYear":%d,"cvc":"%s","holderName":"Ada Lovelace"}"""
                .formatted(number, expiryYear, cvc);
    }

    private static String intent(long amount, String token, String reference) {
        return """
                {"amountMinor":%d,"currency":"EUR","token":"%s","reference":"%s"}""".formatted(amount, token, reference);
    }

    private List<JsonNode> ledger(String reference) throws Exception {
        JsonNode entries = json.readTree(get("/provider/v1/ledger?reference=" + reference).body());
        return entries.valueStream().toList();
    }

    private String code(HttpResponse<String> response) {
        return json.readTree(response.body()).get("code").asString();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String key, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }
}
