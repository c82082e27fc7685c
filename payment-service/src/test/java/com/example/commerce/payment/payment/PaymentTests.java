package com.example.commerce.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The payment's choice of the next provider operation, for every state and request. */
class PaymentTests {

    @Test
    void capturesAnAuthorisedPaymentOnlyWhenAskedAndNotCancelled() {
        assertThat(payment(PaymentStatus.AUTHORIZED, false, false).nextOperation()).isEmpty();
        assertThat(payment(PaymentStatus.AUTHORIZED, false, true).nextOperation()).contains(OperationKind.CAPTURE);
        assertThat(payment(PaymentStatus.AUTHORIZED, true, true).nextOperation()).contains(OperationKind.VOID);
    }

    @Test
    void waitsForTheAuthorisationWhateverWasAsked() {
        assertThat(payment(PaymentStatus.AUTHORIZING, true, true).nextOperation()).isEmpty();
        assertThat(payment(PaymentStatus.AUTHORIZING, false, true).nextOperation()).isEmpty();
    }

    @Test
    void refundsWhatWasCapturedOnceCancelledAndNothingMore() {
        Payment captured = payment(PaymentStatus.CAPTURED, true, true);
        captured.captured = 1_000;
        assertThat(captured.nextOperation()).contains(OperationKind.REFUND);
        assertThat(captured.amountOf(OperationKind.REFUND)).isEqualTo(1_000);
        captured.refunded = 1_000;
        assertThat(captured.nextOperation()).isEmpty();
    }

    @Test
    void endedPaymentsAskForNothing() {
        for (PaymentStatus ended : new PaymentStatus[] {PaymentStatus.DECLINED, PaymentStatus.VOIDED,
                PaymentStatus.REFUNDED, PaymentStatus.CANCELLED}) {
            assertThat(payment(ended, true, true).nextOperation()).as(ended.name()).isEmpty();
            assertThat(payment(ended, false, true).nextOperation()).as(ended.name()).isEmpty();
        }
    }

    @Test
    void derivesTheIdempotencyKeyFromTheOrderAndTheStep() {
        UUID orderId = UUID.fromString("0193a1b2-0000-7000-8000-000000000001");
        assertThat(OperationKind.AUTHORIZATION.idempotencyKey(orderId)).isEqualTo(orderId + ":authorize");
        assertThat(OperationKind.CAPTURE.idempotencyKey(orderId)).isEqualTo(orderId + ":capture");
        assertThat(OperationKind.VOID.idempotencyKey(orderId)).isEqualTo(orderId + ":void");
        assertThat(OperationKind.REFUND.idempotencyKey(orderId)).isEqualTo(orderId + ":refund");
    }

    private static Payment payment(PaymentStatus status, boolean cancelRequested, boolean captureRequested) {
        Instant now = Instant.now();
        return new Payment(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), status, 1_000L,
                "EUR", 0, 0, null, null, cancelRequested, captureRequested, now, now);
    }
}
