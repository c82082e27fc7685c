package com.example.commerce.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * A capture or a refund that the provider refuses for good: a state of its own that the fleet hears of
 * (PaymentSettlementFailed on payment.events), a gauge and a counter to alert on, and an operator who retries
 * it under a new key or settles it by hand, both recorded in the ledger with who and why.
 */
class SettlementFailuresIntegrationTests extends PaymentIntegrationTest {

    private static final String OPERATOR = TestTokens.client("ops-console", "ops:dead-letters", "ops:payments");

    private final UUID customer = UUID.randomUUID();

    @Test
    void aCaptureRefusedForGoodWaitsForAnOperatorWhoRetriesItUnderANewKeyOnceTheProviderTakesIt() throws Exception {
        UUID orderId = authorised(4_250);
        UUID paymentId = paymentIdOf(orderId);
        double awaiting = metric("commerce_payment_settlements_awaiting{", "operation=\"CAPTURE\"");
        double failures = metric("commerce_payment_settlement_failures_total{", "code=\"settlement_refused\",operation=\"CAPTURE\"");
        provider.behave("{\"refuseSettlements\":true}");

        publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));

        awaitStatus(orderId, "CAPTURE_FAILED");
        JsonNode failed = awaitPublished(orderId, "payment.PaymentSettlementFailed.v1");
        assertThat(failed.get("operation").asString()).isEqualTo("CAPTURE");
        assertThat(failed.get("code").asString()).isEqualTo("settlement_refused");
        assertThat(failed.get("amount").get("amountMinor").asLong()).isEqualTo(4_250);
        assertThat(metric("commerce_payment_settlements_awaiting{", "operation=\"CAPTURE\"")).isEqualTo(awaiting + 1);
        assertThat(metric("commerce_payment_settlement_failures_total{", "code=\"settlement_refused\",operation=\"CAPTURE\""))
                .isEqualTo(failures + 1);
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:4250");

        // Bad input changes nothing.
        assertThat(post("/api/v1/ops/payments/" + paymentId + "/retry", TestTokens.client("support", "payments:read"), "{}")
                .statusCode()).isEqualTo(403);
        assertThat(post("/api/v1/ops/payments/not-a-uuid/retry", OPERATOR, "{}").statusCode()).isEqualTo(400);
        HttpResponse<String> unknown = post("/api/v1/ops/payments/" + UUID.randomUUID() + "/retry", OPERATOR, "{}");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("urn:commerce:problem:not-found");
        assertThat(statusOf(orderId)).isEqualTo("CAPTURE_FAILED");

        provider.behave("{\"refuseSettlements\":false}");
        HttpResponse<String> retried = post("/api/v1/ops/payments/" + paymentId + "/retry", OPERATOR,
                "{\"note\":\"acquirer fixed the merchant account\"}");
        assertThat(retried.statusCode()).as(retried.body()).isEqualTo(200);

        awaitStatus(orderId, "CAPTURED");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:4250", "CAPTURE:4250");
        assertThat(jdbc().queryForList("""
                SELECT kind || ':' || attempt || ':' || status || ':' || idempotency_key || ':' || coalesce(actor, '-')
                FROM payment_operation WHERE order_id = ? AND kind = 'CAPTURE' ORDER BY attempt""", String.class, orderId))
                .containsExactly("CAPTURE:1:FAILED:" + orderId + ":capture:-",
                        "CAPTURE:2:SUCCEEDED:" + orderId + ":capture:2:ops-console");
        assertThat(published(orderId, "payment.PaymentCaptured.v1")).isEqualTo(1);
        assertThat(published(orderId, "payment.PaymentSettlementFailed.v1")).isEqualTo(1);
        assertThat(metric("commerce_payment_settlements_awaiting{", "operation=\"CAPTURE\"")).isEqualTo(awaiting);

        HttpResponse<String> again = post("/api/v1/ops/payments/" + paymentId + "/retry", OPERATOR, "{}");
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.body()).contains("urn:commerce:problem:payment-not-awaiting-settlement");
    }

    @Test
    void aRefundRefusedForGoodIsSettledByHandWithANoteThatTheLedgerKeeps() throws Exception {
        UUID orderId = authorised(1_999);
        UUID paymentId = paymentIdOf(orderId);
        publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        awaitStatus(orderId, "CAPTURED");
        double awaiting = metric("commerce_payment_settlements_awaiting{", "operation=\"REFUND\"");
        provider.behave("{\"refuseSettlements\":true}");

        publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));

        awaitStatus(orderId, "REFUND_FAILED");
        assertThat(awaitPublished(orderId, "payment.PaymentSettlementFailed.v1").get("operation").asString()).isEqualTo("REFUND");
        assertThat(metric("commerce_payment_settlements_awaiting{", "operation=\"REFUND\"")).isEqualTo(awaiting + 1);

        HttpResponse<String> noNote = post("/api/v1/ops/payments/" + paymentId + "/settle", OPERATOR, "{\"note\":\" \"}");
        assertThat(noNote.statusCode()).isEqualTo(400);
        assertThat(noNote.body()).contains("urn:commerce:problem:validation-failed").contains("note");
        assertThat(statusOf(orderId)).isEqualTo("REFUND_FAILED");

        HttpResponse<String> settled = post("/api/v1/ops/payments/" + paymentId + "/settle", OPERATOR,
                "{\"note\":\"refunded by bank transfer, ticket OPS-42\"}");
        assertThat(settled.statusCode()).as(settled.body()).isEqualTo(200);
        assertThat(settled.body()).contains("\"status\":\"REFUNDED\"").contains("refunded by bank transfer, ticket OPS-42");

        assertThat(statusOf(orderId)).isEqualTo("REFUNDED");
        assertThat(jdbc().queryForObject("""
                SELECT attempt || ':' || status || ':' || amount || ':' || actor || ':' || note FROM payment_operation
                WHERE order_id = ? AND kind = 'REFUND' AND status = 'SETTLED'""", String.class, orderId))
                .isEqualTo("2:SETTLED:1999:ops-console:refunded by bank transfer, ticket OPS-42");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:1999", "CAPTURE:1999");
        assertThat(published(orderId, "payment.PaymentRefunded.v1")).isEqualTo(1);
        assertThat(metric("commerce_payment_settlements_awaiting{", "operation=\"REFUND\"")).isEqualTo(awaiting);
        assertThat(post("/api/v1/ops/payments/" + paymentId + "/settle", OPERATOR, "{\"note\":\"twice\"}").statusCode())
                .isEqualTo(409);
    }

    @Test
    void aCaptureStillUnresolvedPastItsMaximumAgeIsLookedUpOnceMoreThenASettlementFailure() throws Exception {
        // A capture recorded two hours ago (max-age is 1h), sent, its answer never known; the provider has nothing
        // under its key. Its next turn is its last: one lookup, then it is given up.
        double givenUp = metric("commerce_payment_operations_given_up_total{", "kind=\"CAPTURE\"");
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofHours(2)));
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency,
                provider_reference, capture_requested, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZED', 880, 'EUR', 'pi_lost', true, ?, ?)""",
                paymentId, orderId, customer, card, longAgo, longAgo);
        UUID operationId = UUID.randomUUID();
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                sent, created_at, updated_at)
                VALUES (?, ?, ?, 'CAPTURE', 880, 'EUR', 'UNKNOWN', ?, true, ?, ?)""",
                operationId, paymentId, orderId, orderId + ":capture", longAgo, longAgo);
        insertWork(operationId, "DUE", Instant.now(), 1, 9);

        awaitStatus(orderId, "CAPTURE_FAILED");
        assertThat(jdbc().queryForObject("SELECT status || ' ' || failure_reason FROM payment_operation WHERE order_id = ?",
                String.class, orderId)).isEqualTo("FAILED UNRESOLVED");
        // Given up on its second attempt although it had seven more: the age bound, not the attempts.
        assertThat(workOf(orderId, "CAPTURE")).isEqualTo("FAILED 2 2");
        JsonNode failed = awaitPublished(orderId, "payment.PaymentSettlementFailed.v1");
        assertThat(failed.get("code").asString()).isEqualTo("UNRESOLVED");
        assertThat(failed.get("operation").asString()).isEqualTo("CAPTURE");
        assertThat(metric("commerce_payment_operations_given_up_total{", "kind=\"CAPTURE\"")).isEqualTo(givenUp + 1);
        assertThat(providerLedger(orderId)).isEmpty();
    }

    private UUID authorised(long amount) throws Exception {
        UUID orderId = UUID.randomUUID();
        publish(stockReserved(orderId, customer, savedCard(customer, GOOD_CARD), amount));
        awaitStatus(orderId, "AUTHORIZED");
        return orderId;
    }

    private UUID paymentIdOf(UUID orderId) {
        return jdbc().queryForObject("SELECT id FROM payment WHERE order_id = ?", UUID.class, orderId);
    }

    /** The one event of {@code type} the service published for the order, once the broker has acknowledged it. */
    private JsonNode awaitPublished(UUID orderId, String type) {
        await(type + " on payment.events").atMost(PATIENCE).until(() -> jdbc().queryForObject("""
                SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = ? AND topic = 'payment.events'
                AND sent_at IS NOT NULL""", Integer.class, orderId.toString(), type) == 1);
        byte[] payload = jdbc().queryForObject("SELECT payload FROM outbox_event WHERE aggregate_id = ? AND event_type = ?",
                byte[].class, orderId.toString(), type);
        return json.readTree(new String(payload, StandardCharsets.UTF_8));
    }

    private double metric(String prefix, String tags) throws Exception {
        return get("/actuator/prometheus", null).body().lines()
                .filter(line -> line.startsWith(prefix) && line.contains(tags))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }
}
