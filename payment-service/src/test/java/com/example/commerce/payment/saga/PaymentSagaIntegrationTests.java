package com.example.commerce.payment.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.testing.TestTokens;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/**
 * The payment steps of the saga against the real provider simulator over HTTP: authorise on StockReserved,
 * capture on ShipmentDispatched, void or refund on OrderCancelled, whatever order the events arrive in.
 */
class PaymentSagaIntegrationTests extends PaymentIntegrationTest {

    private final UUID customer = UUID.randomUUID();

    @Test
    void authorisesTheOrdersTotalAndCapturesItOnDispatch() throws Exception {
        UUID orderId = UUID.randomUUID();
        publish(stockReserved(orderId, customer, savedCard(customer, GOOD_CARD), 4_999));
        awaitStatus(orderId, "AUTHORIZED");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        assertThat(published(orderId, "payment.PaymentCaptured.v1")).isZero();

        publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        awaitStatus(orderId, "CAPTURED");
        assertThat(published(orderId, "payment.PaymentCaptured.v1")).isEqualTo(1);
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:4999", "CAPTURE:4999");
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:4999", "CAPTURE:SUCCEEDED:4999");

        HttpResponse<String> page = get("/api/v1/payments?orderId=" + orderId, TestTokens.client("ops", "payments:read"));
        assertThat(page.statusCode()).isEqualTo(200);
        JsonNode item = json.readTree(page.body()).get("items").get(0);
        assertThat(item.get("status").asString()).isEqualTo("CAPTURED");
        assertThat(item.get("amount").get("amountMinor").asLong()).isEqualTo(4_999);
        assertThat(item.get("capturedAmount").get("amountMinor").asLong()).isEqualTo(4_999);
        assertThat(item.get("refundedAmount").get("amountMinor").asLong()).isZero();
        assertThat(item.get("providerReference").asString()).startsWith("pi_");
        assertThat(item.get("operations").get(1).get("idempotencyKey").asString()).isEqualTo(orderId + ":capture");
        assertThat(get("/api/v1/payments?orderId=" + orderId, TestTokens.customer(customer)).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/prometheus", null).body()).contains(
                "commerce_payment_operations_total{application=\"payment-service\",kind=\"CAPTURE\",outcome=\"SUCCEEDED\"}");
    }

    @Test
    void aFullyDiscountedOrderIsAuthorisedCapturedAndVoidedWithoutTheProvider() throws Exception {
        UUID card = savedCard(customer, GOOD_CARD);
        UUID shipped = UUID.randomUUID();
        publish(stockReserved(shipped, customer, card, 0));
        awaitStatus(shipped, "AUTHORIZED");
        publish(new ShipmentDispatched(shipped, UUID.randomUUID(), Instant.now()));
        awaitStatus(shipped, "CAPTURED");
        assertThat(published(shipped, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        assertThat(published(shipped, "payment.PaymentCaptured.v1")).isEqualTo(1);

        UUID cancelled = UUID.randomUUID();
        publish(stockReserved(cancelled, customer, card, 0));
        awaitStatus(cancelled, "AUTHORIZED");
        publish(new OrderCancelled(cancelled, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        awaitStatus(cancelled, "VOIDED");
        assertThat(published(cancelled, "payment.PaymentVoided.v1")).isEqualTo(1);
        for (UUID orderId : new UUID[] {shipped, cancelled}) {
            assertThat(providerLedger(orderId)).isEmpty();
            assertThat(ourLedger(orderId)).isEmpty();
        }
    }

    @Test
    void declinesWhatTheProviderDeclines() throws Exception {
        UUID orderId = UUID.randomUUID();
        publish(stockReserved(orderId, customer, savedCard(customer, DECLINING_CARD), 1_000));
        awaitStatus(orderId, "DECLINED");
        assertThat(published(orderId, "payment.PaymentDeclined.v1")).isEqualTo(1);
        assertThat(declineReasonPublished(orderId)).isEqualTo("CARD_DECLINED");
        assertThat(providerLedger(orderId)).containsExactly("DECLINE:1000");
    }

    @Test
    void declinesAnotherCustomersOrAnUnknownCardWithoutAskingTheProvider() throws Exception {
        UUID someoneElses = savedCard(UUID.randomUUID(), GOOD_CARD);
        UUID foreign = UUID.randomUUID();
        UUID unknown = UUID.randomUUID();
        publish(stockReserved(foreign, customer, someoneElses, 1_000));
        publish(stockReserved(unknown, customer, UUID.randomUUID(), 1_000));
        awaitStatus(foreign, "DECLINED");
        awaitStatus(unknown, "DECLINED");
        assertThat(declineReasonPublished(foreign)).isEqualTo("PAYMENT_METHOD_UNKNOWN");
        assertThat(declineReasonPublished(unknown)).isEqualTo("PAYMENT_METHOD_UNKNOWN");
        assertThat(providerLedger(foreign)).isEmpty();
        assertThat(providerLedger(unknown)).isEmpty();
        assertThat(ourLedger(foreign)).isEmpty();
    }

    @Test
    void voidsWhenTheOrderIsCancelledAfterAuthorisation() throws Exception {
        UUID orderId = UUID.randomUUID();
        publish(stockReserved(orderId, customer, savedCard(customer, GOOD_CARD), 2_500));
        awaitStatus(orderId, "AUTHORIZED");
        publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        awaitStatus(orderId, "VOIDED");
        assertThat(published(orderId, "payment.PaymentVoided.v1")).isEqualTo(1);
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:2500", "VOID:2500");
    }

    @Test
    void refundsTheCaptureWhenTheOrderIsCancelledAfterDispatch() throws Exception {
        UUID orderId = UUID.randomUUID();
        publish(stockReserved(orderId, customer, savedCard(customer, GOOD_CARD), 3_000));
        awaitStatus(orderId, "AUTHORIZED");
        publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now()));
        awaitStatus(orderId, "CAPTURED");
        publish(new OrderCancelled(orderId, OrderEndReasons.SHIPPING_FAILED, Instant.now()));
        awaitStatus(orderId, "REFUNDED");
        assertThat(published(orderId, "payment.PaymentRefunded.v1")).isEqualTo(1);
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:3000", "CAPTURE:3000", "REFUND:3000");
        assertThat(jdbc().queryForObject("SELECT captured_amount - refunded_amount FROM payment WHERE order_id = ?",
                Long.class, orderId)).isZero();
    }

    @Test
    void neverCapturesAnOrderCancelledBeforeItsDispatchArrived() throws Exception {
        UUID orderId = UUID.randomUUID();
        publish(stockReserved(orderId, customer, savedCard(customer, GOOD_CARD), 1_200));
        awaitStatus(orderId, "AUTHORIZED");
        publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        awaitStatus(orderId, "VOIDED");
        awaitConsumed(publish(new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now())));
        assertThat(statusOf(orderId)).isEqualTo("VOIDED");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:1200", "VOID:1200");
        // Not even attempted: a capture that the provider refused (the intent is voided) would leave no CAPTURE
        // in its ledger, but it would leave one in ours.
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:1200", "VOID:SUCCEEDED:1200");
        assertThat(jdbc().queryForObject("SELECT count(*) FROM payment_operation WHERE order_id = ? AND kind = 'CAPTURE'",
                Integer.class, orderId)).isZero();
        assertThat(published(orderId, "payment.PaymentCaptured.v1")).isZero();
    }

    @Test
    void aCancelBeforeStockReservedLeavesATombstoneSoNothingIsAuthorised() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        publish(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now()));
        awaitStatus(orderId, "CANCELLED");
        awaitConsumed(publish(stockReserved(orderId, customer, card, 1_500)));
        assertThat(statusOf(orderId)).isEqualTo("CANCELLED");
        assertThat(providerLedger(orderId)).isEmpty();
        assertThat(ourLedger(orderId)).isEmpty();
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isZero();
    }

    @Test
    void aCancelWhileTheAuthorisationIsInFlightVoidsItOnceItsAnswerIsRecorded() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        provider.behave("{\"latencyMs\":700}");
        publish(stockReserved(orderId, customer, card, 1_800));
        // The authorisation has been sent (claimed) and its answer is not in yet.
        await().atMost(PATIENCE).until(() -> "LEASED 1 1".equals(workOf(orderId, "AUTHORIZATION")));
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");
        publish(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, Instant.now()));
        awaitStatus(orderId, "VOIDED");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:1800", "VOID:1800");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        assertThat(published(orderId, "payment.PaymentVoided.v1")).isEqualTo(1);
    }

    @Test
    void everyEventTwiceChangesNothingTwice() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        UUID reservedId = UUID.randomUUID();
        var reserved = stockReserved(orderId, customer, card, 2_000);
        feed.publish(reservedId, reserved);
        feed.publish(reservedId, reserved);
        // The same fact again under a new id, as a producer's redelivery might send it.
        UUID lastReserved = feed.publish(reserved);
        awaitStatus(orderId, "AUTHORIZED");
        UUID dispatchedId = UUID.randomUUID();
        var dispatched = new ShipmentDispatched(orderId, UUID.randomUUID(), Instant.now());
        feed.publish(dispatchedId, dispatched);
        feed.publish(dispatchedId, dispatched);
        UUID lastDispatched = feed.publish(dispatched);
        awaitStatus(orderId, "CAPTURED");
        UUID cancelledId = UUID.randomUUID();
        var cancelled = new OrderCancelled(orderId, OrderEndReasons.SHIPPING_FAILED, Instant.now());
        feed.publish(cancelledId, cancelled);
        feed.publish(cancelledId, cancelled);
        UUID lastCancelled = feed.publish(cancelled);
        awaitStatus(orderId, "REFUNDED");
        // The last copy on each topic is consumed, so every copy before it on the order's partition was too.
        awaitConsumed(lastReserved);
        awaitConsumed(lastDispatched);
        awaitConsumed(lastCancelled);
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:2000", "CAPTURE:SUCCEEDED:2000",
                "REFUND:SUCCEEDED:2000");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:2000", "CAPTURE:2000", "REFUND:2000");
        for (String type : new String[] {"PaymentAuthorized", "PaymentCaptured", "PaymentRefunded"}) {
            assertThat(published(orderId, "payment." + type + ".v1")).as(type).isEqualTo(1);
        }
    }

    private String declineReasonPublished(UUID orderId) {
        String payload = jdbc().queryForObject("""
                SELECT convert_from(payload, 'UTF8') FROM outbox_event
                WHERE aggregate_id = ? AND event_type = 'payment.PaymentDeclined.v1'""", String.class, orderId.toString());
        return json.readTree(payload).get("reason").asString();
    }
}
