package com.example.commerce.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.payment.PaymentIntegrationTest;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
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
    void anOutageOpensTheBreakerChargesNothingAndTheSweepCompletesThePaymentOnceItEnds() throws Exception {
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
        assertThat(jdbc().queryForObject("SELECT attempts FROM payment_operation WHERE order_id = ?", Integer.class, orderId))
                .isGreaterThan(1);
    }

    @Test
    void anOrderCancelledDuringAnOutageIsNeverChargedOnceTheProviderIsBack() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        provider.behave("{\"outage\":true}");
        publish(stockReserved(orderId, customer, card, 4_400));
        // Sent, and the call over without an answer: its outcome is unknown.
        await("authorisation unresolved").atMost(PATIENCE).until(() -> jdbc().queryForObject("""
                SELECT count(*) FROM payment_operation WHERE order_id = ? AND status = 'UNKNOWN' AND leased_until IS NULL""",
                Integer.class, orderId) == 1);
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
    void theSweepCallsAnOperationThatWasRecordedButNeverCalled() throws Exception {
        // As if the service died between committing the authorisation and calling the provider.
        UUID orderId = UUID.randomUUID();
        UUID card = savedCard(customer, GOOD_CARD);
        UUID paymentId = UUID.randomUUID();
        Timestamp longAgo = Timestamp.from(Instant.now().minus(Duration.ofMinutes(1)));
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZING', 990, 'EUR', ?, ?)""", paymentId, orderId, customer, card, longAgo, longAgo);
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                due_at, created_at, updated_at) VALUES (?, ?, ?, 'AUTHORIZATION', 990, 'EUR', 'PENDING', ?, ?, ?, ?)""",
                UUID.randomUUID(), paymentId, orderId, orderId + ":authorize", longAgo, longAgo, longAgo);
        awaitStatus(orderId, "AUTHORIZED");
        assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:990");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
    }
}
