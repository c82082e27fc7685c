package com.example.commerce.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.testing.TestTokens;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The provider failing in the ways real ones do: an answer lost after the charge was made, an outage, and
 * our own crash between recording an operation and calling. Nothing is ever charged twice.
 */
class ProviderFailuresIntegrationTests extends PaymentIntegrationTest {

    private final UUID customer = UUID.randomUUID();

    @Autowired
    private CircuitBreaker breaker;

    @AfterEach
    void closeBreaker() {
        if (breaker.getState() != CircuitBreaker.State.CLOSED) {
            breaker.transitionToClosedState();
        }
    }

    @Test
    void anAuthorisationTheOpenBreakerNeverSentIsDroppedAtOnceWhenItsOrderIsCancelledAndNeverReachesTheProvider()
            throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        provider.behave("{\"outage\":true}");
        // Held open by hand, so nothing here depends on how long a breaker stays open.
        breaker.transitionToForcedOpenState();
        publish(stockReserved(orderId, customer, card, 3_300));
        // Its work row back to DUE after an attempt: the breaker's refusal is recorded.
        await("authorisation refused by the breaker").atMost(PATIENCE).until(() -> {
            String work = workOf(orderId, "AUTHORIZATION");
            return work != null && work.startsWith("DUE ") && !work.startsWith("DUE 0");
        });
        assertThat(jdbc().queryForObject("SELECT status || ' ' || sent FROM payment_operation WHERE order_id = ?",
                String.class, orderId)).as("never sent").isEqualTo("PENDING false");

        awaitConsumed(publish(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now())));

        // Dropped while the provider is still away (the breaker held open): there is nothing to ask it.
        awaitStatus(orderId, "CANCELLED");
        assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:FAILED:3300");
        provider.behave("{\"outage\":false}");
        breaker.transitionToClosedState();
        // The provider is back and the workers are at work: another order gets authorised, ours never is.
        UUID other = UUID.randomUUID();
        publish(stockReserved(other, customer, card, 3_301));
        awaitStatus(other, "AUTHORIZED");
        assertThat(providerLedger(orderId)).isEmpty();
        assertThat(statusOf(orderId)).isEqualTo("CANCELLED");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isZero();
    }

    @Test
    void anAuthorisationPerformedButUnansweredBeforeAnOutageIsLookedUpAfterItsOrderWasCancelledAndVoidedOnce()
            throws Exception {
        // Our request reached the provider and was performed; its answer was lost (sent, UNKNOWN); then the
        // provider went down and the order was cancelled.
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        Timestamp later = Timestamp.from(Instant.now().plusSeconds(3600));
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZING', 2200, 'EUR', ?, ?)""", paymentId, orderId, customer, card, now, now);
        UUID operationId = UUID.randomUUID();
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                sent, created_at, updated_at)
                VALUES (?, ?, ?, 'AUTHORIZATION', 2200, 'EUR', 'UNKNOWN', ?, true, ?, ?)""",
                operationId, paymentId, orderId, orderId + ":authorize", now, now);
        long workId = insertWork(operationId, "DUE", later.toInstant(), 1, 9);
        authoriseAtTheProvider(orderId, 2_200);
        provider.behave("{\"outage\":true}");
        awaitConsumed(publish(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now())));
        assertThat(statusOf(orderId)).as("it may have been made: looked up, not dropped").isEqualTo("AUTHORIZING");
        // Its turn comes while the provider is still down: the lookup learns nothing, and nothing is sent.
        jdbc().update("UPDATE work_item SET due_at = ? WHERE id = ?", now, workId);
        await("looked up in vain").atMost(PATIENCE).until(() -> {
            String[] work = workOf(orderId, "AUTHORIZATION").split(" ");
            return Integer.parseInt(work[1]) - (work[0].equals("LEASED") ? 1 : 0) >= 2; // an attempt of ours is over
        });
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");

        provider.behave("{\"outage\":false}");
        awaitStatus(orderId, "VOIDED");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:2200", "VOID:2200");
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:2200", "VOID:SUCCEEDED:2200");
        assertThat(published(orderId, "payment.PaymentVoided.v1")).isEqualTo(1);
    }

    @Test
    void anAuthorisationStillUnresolvedAtItsBoundIsLookedUpOnceMoreThenDeclinedSoTheOrderIsCompensated()
            throws Exception {
        double givenUp = metric("commerce_payment_operations_given_up_total{", "kind=\"AUTHORIZATION\"");
        double unknownBefore = metric("commerce_payment_operations_open{", "status=\"UNKNOWN\"");
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        provider.behave("{\"outage\":true}");
        publish(stockReserved(orderId, customer, card, 1_100));
        await("counted while open").atMost(PATIENCE).until(() -> jdbc().queryForObject(
                "SELECT status FROM payment_operation WHERE order_id = ?", String.class, orderId).equals("UNKNOWN")
                && metric("commerce_payment_operations_open{", "status=\"UNKNOWN\"") >= unknownBefore + 1);
        HttpResponse<String> listed = get("/api/v1/ops/payments/operations?status=UNKNOWN&size=100",
                TestTokens.client("ops-console", "ops:dead-letters", "ops:payments"));
        assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
        assertThat(listed.body()).contains(orderId + ":authorize").contains("\"totalItems\"");
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");

        // max-attempts is 8 here: after that one last lookup (the provider still down), then it is given up.
        awaitStatus(orderId, "DECLINED");
        assertThat(jdbc().queryForObject("SELECT decline_reason FROM payment WHERE order_id = ?", String.class, orderId))
                .isEqualTo("PROVIDER_UNRESOLVED");
        assertThat(jdbc().queryForObject("SELECT status || ' ' || failure_reason FROM payment_operation WHERE order_id = ?",
                String.class, orderId)).isEqualTo("FAILED UNRESOLVED");
        // Its work row ended FAILED on its last attempt, the ninth, kept for an operator.
        assertThat(workOf(orderId, "AUTHORIZATION")).isEqualTo("FAILED 9 9");
        assertThat(published(orderId, "payment.PaymentDeclined.v1")).isEqualTo(1);
        assertThat(metric("commerce_payment_operations_given_up_total{", "kind=\"AUTHORIZATION\"")).isEqualTo(givenUp + 1);
        assertThat(get("/api/v1/ops/payments/operations?status=UNKNOWN&size=100",
                TestTokens.client("ops-console", "ops:dead-letters", "ops:payments")).body()).doesNotContain(orderId + ":authorize");
        provider.behave("{\"outage\":false}");
        assertThat(providerLedger(orderId)).isEmpty();
    }

    @Test
    void theOperationsListIsForOperatorsAndRefusesAnUnknownStatus() throws Exception {
        assertThat(get("/api/v1/ops/payments/operations", null).statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/ops/payments/operations", TestTokens.client("support", "payments:read")).statusCode())
                .isEqualTo(403);
        // The starter's chain lets ops:dead-letters into /api/v1/ops/**; the payment desk wants ops:payments too.
        assertThat(get("/api/v1/ops/payments/operations", TestTokens.opsConsole()).statusCode()).isEqualTo(403);
        HttpResponse<String> bad = get("/api/v1/ops/payments/operations?status=LOST", TestTokens.client("ops-console", "ops:dead-letters", "ops:payments"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("urn:commerce:problem:validation-failed");
        HttpResponse<String> tooBig = get("/api/v1/ops/payments/operations?size=101", TestTokens.client("ops-console", "ops:dead-letters", "ops:payments"));
        assertThat(tooBig.statusCode()).isEqualTo(400);
    }

    private double metric(String prefix, String tag) throws Exception {
        return get("/actuator/prometheus", null).body().lines()
                .filter(line -> line.startsWith(prefix) && line.contains(tag))
                .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aTimeoutAfterTheChargeWasMadeIsResolvedByLookingItUpNotByChargingAgain() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        // Performed, then the answer withheld far longer than our 1 s timeout, then 504.
        // No webhook either: only the lookup by idempotency key can tell us what happened.
        provider.behave("{\"ambiguousRate\":1,\"ambiguousHoldMs\":5000,\"webhooks\":false}");
        publish(stockReserved(orderId, customer, card, 7_700));
        awaitStatus(orderId, "AUTHORIZED");
        provider.behave("{\"ambiguousRate\":0}");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:7700");
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:7700");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        assertThat(jdbc().queryForObject("SELECT provider_reference FROM payment WHERE order_id = ?", String.class, orderId))
                .startsWith("pi_");
    }

    @Test
    void anOutageOpensTheBreakerChargesNothingAndTheRetriesCompleteThePaymentOnceItEnds() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        provider.behave("{\"outage\":true}");
        publish(stockReserved(orderId, customer, card, 5_500));
        await("breaker open").atMost(PATIENCE).until(() -> breaker.getState() == CircuitBreaker.State.OPEN);
        assertThat(get("/actuator/prometheus", null).body())
                .contains("commerce_payment_provider_breaker_open{application=\"payment-service\"} 1.0");
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");
        assertThat(jdbc().queryForObject("SELECT status FROM payment_operation WHERE order_id = ?", String.class, orderId))
                .isIn("PENDING", "UNKNOWN");
        assertThat(providerLedger(orderId)).isEmpty();
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isZero();

        provider.behave("{\"outage\":false}");
        awaitStatus(orderId, "AUTHORIZED");
        assertThat(breaker.getState()).isNotEqualTo(CircuitBreaker.State.OPEN);
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:5500");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        assertThat(workOf(orderId, "AUTHORIZATION")).startsWith("DONE ").doesNotStartWith("DONE 1 ");
    }

    @Test
    void anOrderCancelledDuringAnOutageIsNeverChargedOnceTheProviderIsBack() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        provider.behave("{\"outage\":true}");
        publish(stockReserved(orderId, customer, card, 4_400));
        // Sent, and the call over without an answer: its outcome is unknown.
        await("authorisation unresolved").atMost(PATIENCE).until(() -> jdbc().queryForList(
                "SELECT status FROM payment_operation WHERE order_id = ?", String.class, orderId).equals(List.of("UNKNOWN"))
                && workOf(orderId, "AUTHORIZATION").startsWith("DUE "));
        // The order's deadline passes while the provider is away.
        awaitConsumed(publish(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, Instant.now())));
        assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");

        provider.behave("{\"outage\":false}");
        awaitStatus(orderId, "CANCELLED");
        // It was only looked up, never sent again: nothing authorised, nothing to void.
        assertThat(providerLedger(orderId)).isEmpty();
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:FAILED:4400");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isZero();
    }

    @Test
    void anOperationWhoseWorkerDiedDuringItsCallIsTakenOverAfterItsLeaseAndPerformedOnce() throws Exception {
        // As if the instance died after claiming the authorisation (its work row still LEASED, counted as sent) and
        // before recording an answer: once the lease has run out, a worker takes it over under a new fence.
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        UUID paymentId = UUID.randomUUID();
        UUID operationId = UUID.randomUUID();
        Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofMinutes(3)));
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZING', 990, 'EUR', ?, ?)""", paymentId, orderId, customer, card, longAgo, longAgo);
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                sent, created_at, updated_at) VALUES (?, ?, ?, 'AUTHORIZATION', 990, 'EUR', 'PENDING', ?, true, ?, ?)""",
                operationId, paymentId, orderId, orderId + ":authorize", longAgo, longAgo);
        insertWork(operationId, "LEASED", Instant.now().minus(Duration.ofMinutes(1)), 1, 9);
        awaitStatus(orderId, "AUTHORIZED");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:990");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        await("work done").atMost(PATIENCE).until(() -> "DONE 2 2".equals(workOf(orderId, "AUTHORIZATION")));
    }
}
