package com.example.commerce.payment.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.payment.PaymentIntegrationTest;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Provider callbacks: authenticated by their HMAC alone, fresh, once; they settle open operations only. */
class ProviderWebhookIntegrationTests extends PaymentIntegrationTest {

    private static final String SECRET = "local-webhook-secret";

    @Test
    void aSignedCallbackSettlesAnAuthorisationWhoseAnswerWasLost() throws Exception {
        UUID orderId = openAuthorisation();
        String body = authorised("evt_" + UUID.randomUUID(), orderId, "pi_from_webhook");
        HttpResponse<String> response = deliver(body, signature(Instant.now(), body, SECRET));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZED");
        assertThat(jdbc().queryForObject("SELECT provider_reference FROM payment WHERE order_id = ?", String.class, orderId))
                .isEqualTo("pi_from_webhook");
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:640");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
    }

    @Test
    void aSignedCallbackWhosePaymentReferenceIsNotTheProvidersKindIsRefusedAndChangesNothing() throws Exception {
        UUID orderId = openAuthorisation();
        for (String reference : new String[] {"pi_1/../../tokens", "pi_1?x=1", "pi 1", "x".repeat(65)}) {
            String eventId = "evt_" + UUID.randomUUID();
            String body = authorised(eventId, orderId, reference.replace("\"", ""));
            HttpResponse<String> response = deliver(body, signature(Instant.now(), body, SECRET));
            assertThat(response.statusCode()).as(reference).isEqualTo(400);
            assertThat(response.body()).contains("urn:commerce:problem:malformed-request").contains("payment reference");
            assertThat(jdbc().queryForObject("SELECT count(*) FROM provider_webhook WHERE event_id = ?", Integer.class,
                    eventId)).isZero();
        }
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");
        assertThat(jdbc().queryForObject("SELECT provider_reference FROM payment WHERE order_id = ?", String.class, orderId))
                .isNull();
    }

    @Test
    void aCallbackOverItsBoundIsRefusedBeforeItsSignatureIsLookedAt() throws Exception {
        UUID orderId = openAuthorisation();
        String eventId = "evt_" + UUID.randomUUID();
        // A genuine callback padded past the webhook's 16KB bound (far under the service's 1MB default).
        String padded = authorised(eventId, orderId, "pi_padded").replace("\"reference\":", "\"padding\":\""
                + "x".repeat(20 * 1024) + "\",\"reference\":");
        for (String signature : new String[] {null, "t=1,v1=forged", signature(Instant.now(), padded, SECRET)}) {
            HttpResponse<String> response = deliver(padded, signature);
            assertThat(response.statusCode()).as("signature %s", signature).isEqualTo(413);
            assertThat(response.body()).contains("\"type\":\"urn:commerce:problem:payload-too-large\"")
                    .contains("\"maxBytes\":16384");
        }
        assertThat(jdbc().queryForObject("SELECT count(*) FROM provider_webhook WHERE event_id = ?", Integer.class, eventId))
                .isZero();
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");
    }

    @Test
    void aSignedCallbackWhoseAmountOrCurrencyIsNotThePaymentsIsRefusedRecordedAndPublishesNothing() throws Exception {
        double before = refusedCallbacks();
        UUID orderId = openAuthorisation();
        String eventId = "evt_" + UUID.randomUUID();
        String tooLittle = authorised(eventId, orderId, "pi_wrong_amount").replace("\"amountMinor\":640", "\"amountMinor\":1");
        HttpResponse<String> response = deliver(tooLittle, signature(Instant.now(), tooLittle, SECRET));
        // 2xx: signed and well-formed, so a provider's redelivery would change nothing; the refusal is ours.
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).contains("\"ignored\":\"amount-mismatch\"");
        String otherCurrency = authorised("evt_" + UUID.randomUUID(), orderId, "pi_wrong_currency").replace("\"EUR\"", "\"USD\"");
        assertThat(deliver(otherCurrency, signature(Instant.now(), otherCurrency, SECRET)).body())
                .contains("\"ignored\":\"amount-mismatch\"");

        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:UNKNOWN:640");
        assertThat(jdbc().queryForObject("SELECT provider_reference FROM payment WHERE order_id = ?", String.class, orderId)).isNull();
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isZero();
        assertThat(jdbc().queryForObject("SELECT outcome || ' ' || detail FROM provider_webhook WHERE event_id = ?",
                String.class, eventId)).isEqualTo("AMOUNT_MISMATCH reported 1 EUR for " + orderId + ":authorize");
        assertThat(refusedCallbacks()).isEqualTo(before + 2);

        // The right amount still settles it.
        String right = authorised("evt_" + UUID.randomUUID(), orderId, "pi_right");
        assertThat(deliver(right, signature(Instant.now(), right, SECRET)).body()).doesNotContain("ignored");
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZED");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
    }

    private double refusedCallbacks() throws Exception {
        return get("/actuator/prometheus", null).body().lines()
                .filter(line -> line.startsWith("commerce_payment_webhooks_refused_total{") && line.contains("AMOUNT_MISMATCH"))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void refusesABadSignatureAndAStaleOneAndChangesNothing() throws Exception {
        UUID orderId = openAuthorisation();
        String body = authorised("evt_" + UUID.randomUUID(), orderId, "pi_forged");
        HttpResponse<String> forged = deliver(body, signature(Instant.now(), body, "not-the-secret"));
        assertThat(forged.statusCode()).isEqualTo(401);
        assertThat(forged.body()).contains("urn:commerce:problem:unauthorized");
        assertThat(deliver(body, null).statusCode()).isEqualTo(401);
        HttpResponse<String> stale = deliver(body, signature(Instant.now().minusSeconds(6 * 60), body, SECRET));
        assertThat(stale.statusCode()).isEqualTo(401);
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");
        assertThat(jdbc().queryForObject("SELECT count(*) FROM provider_webhook WHERE event_id LIKE 'evt_%' AND type = 'forged'",
                Integer.class)).isZero();
    }

    @Test
    void aRepeatedCallbackChangesNothingAndOneForNoOperationOfOursCreatesNothing() throws Exception {
        UUID orderId = openAuthorisation();
        String eventId = "evt_" + UUID.randomUUID();
        String body = authorised(eventId, orderId, "pi_first");
        assertThat(deliver(body, signature(Instant.now(), body, SECRET)).body()).contains("\"duplicate\":false");
        // The same id again, even with other content: recognised and ignored.
        String again = authorised(eventId, orderId, "pi_second");
        HttpResponse<String> repeated = deliver(again, signature(Instant.now(), again, SECRET));
        assertThat(repeated.statusCode()).isEqualTo(200);
        assertThat(repeated.body()).contains("\"duplicate\":true");
        assertThat(jdbc().queryForObject("SELECT provider_reference FROM payment WHERE order_id = ?", String.class, orderId))
                .isEqualTo("pi_first");

        UUID strangerOrder = UUID.randomUUID();
        String stranger = authorised("evt_" + UUID.randomUUID(), strangerOrder, "pi_stranger");
        assertThat(deliver(stranger, signature(Instant.now(), stranger, SECRET)).statusCode()).isEqualTo(200);
        assertThat(statusOf(strangerOrder)).isNull();
        assertThat(published(strangerOrder, "payment.PaymentAuthorized.v1")).isZero();
    }

    @Test
    void anAuthorisationPerformedAfterItsOrderWasCancelledAndDroppedIsVoided() throws Exception {
        // Our request reached the provider late, after we had looked it up, found nothing and dropped it.
        UUID customer = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency,
                cancel_requested, created_at, updated_at) VALUES (?, ?, ?, ?, 'CANCELLED', 830, 'EUR', true, ?, ?)""",
                paymentId, orderId, customer, card, now, now);
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                failure_reason, sent, created_at, updated_at)
                VALUES (?, ?, ?, 'AUTHORIZATION', 830, 'EUR', 'FAILED', ?, 'ORDER_CANCELLED', true, ?, ?)""",
                UUID.randomUUID(), paymentId, orderId, orderId + ":authorize", now, now);
        String intentId = authoriseAtTheProvider(orderId, 830);

        String body = authorised("evt_" + UUID.randomUUID(), orderId, intentId).replace("640", "830");
        assertThat(deliver(body, signature(Instant.now(), body, SECRET)).statusCode()).isEqualTo(200);
        awaitStatus(orderId, "VOIDED");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:830", "VOID:830");
        assertThat(published(orderId, "payment.PaymentVoided.v1")).isEqualTo(1);
    }

    /** A payment whose authorisation was sent and whose answer never came (no work row: no worker asks it). */
    private UUID openAuthorisation() throws Exception {
        UUID customer = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZING', 640, 'EUR', ?, ?)""", paymentId, orderId, customer, card, now, now);
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                sent, created_at, updated_at)
                VALUES (?, ?, ?, 'AUTHORIZATION', 640, 'EUR', 'UNKNOWN', ?, true, ?, ?)""",
                UUID.randomUUID(), paymentId, orderId, orderId + ":authorize", now, now);
        return orderId;
    }

    private static String authorised(String eventId, UUID orderId, String intentId) {
        return """
                {"id":"%s","type":"payment_intent.authorized","createdAt":"%s","idempotencyKey":"%s:authorize",
                 "data":{"id":"%s","status":"AUTHORIZED","declineReason":null,"amountMinor":640,"currency":"EUR",
                 "reference":"%s","capturedAmountMinor":0,"refundedAmountMinor":0}}"""
                .formatted(eventId, Instant.now(), orderId, intentId, orderId);
    }

    private static String signature(Instant at, String body, String secret) {
        long t = at.getEpochSecond();
        return "t=" + t + ",v1=" + WebhookSignature.sign(secret, t + "." + body);
    }

    private HttpResponse<String> deliver(String body, String signature) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl() + "/api/v1/payments/webhooks/provider"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (signature != null) {
            request.header("X-Signature", signature);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
