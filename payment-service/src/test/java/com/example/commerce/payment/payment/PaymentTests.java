package com.example.commerce.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentSettlementFailed;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The payment's choice of the next provider operation, for every state and request, and what its answers make of it. */
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
    void aPerformedOperationMovesThePaymentOnAndSaysWhatTheFleetHears() {
        Instant now = Instant.now();
        Payment payment = payment(PaymentStatus.AUTHORIZING, false, true);
        assertThat(payment.performed(operation(payment, OperationKind.AUTHORIZATION, 1_000), "pi_1", now))
                .isInstanceOf(PaymentAuthorized.class);
        assertThat(payment.status()).isEqualTo(PaymentStatus.AUTHORIZED);
        assertThat(payment.providerReference).isEqualTo("pi_1");
        Operation capture = operation(payment, OperationKind.CAPTURE, 1_000);
        assertThat(payment.performed(capture, "pi_1", now)).isInstanceOf(PaymentCaptured.class);
        assertThat(capture.status).isEqualTo(OperationStatus.SUCCEEDED);
        assertThat(payment.captured).isEqualTo(1_000);
        // A refund of part of what was captured leaves the payment CAPTURED; the rest makes it REFUNDED.
        payment.performed(operation(payment, OperationKind.REFUND, 400), "pi_1", now);
        assertThat(payment.status()).isEqualTo(PaymentStatus.CAPTURED);
        assertThat(payment.performed(operation(payment, OperationKind.REFUND, 600), "pi_1", now))
                .isInstanceOf(PaymentRefunded.class);
        assertThat(payment.status()).isEqualTo(PaymentStatus.REFUNDED);
    }

    @Test
    void aCaptureOrRefundFailedForGoodWaitsForAnOperator() {
        Instant now = Instant.now();
        Payment authorised = payment(PaymentStatus.AUTHORIZED, false, true);
        PaymentSettlementFailed failed = authorised.settlementFailed(operation(authorised, OperationKind.CAPTURE, 1_000),
                "UNRESOLVED", "x".repeat(300), now);
        assertThat(authorised.status()).isEqualTo(PaymentStatus.CAPTURE_FAILED);
        assertThat(failed.operation()).isEqualTo("CAPTURE");
        assertThat(failed.reason()).hasSize(200);
        Payment captured = payment(PaymentStatus.CAPTURED, true, true);
        captured.settlementFailed(operation(captured, OperationKind.REFUND, 1_000), "refused", null, now);
        assertThat(captured.status()).isEqualTo(PaymentStatus.REFUND_FAILED);
        Payment authorising = payment(PaymentStatus.AUTHORIZING, false, false);
        assertThat(authorising.declined("CARD_DECLINED", now).reason()).isEqualTo("CARD_DECLINED");
        assertThat(authorising.status()).isEqualTo(PaymentStatus.DECLINED);
    }

    @Test
    void derivesTheIdempotencyKeyFromTheOrderAndTheStep() {
        UUID orderId = UUID.fromString("0193a1b2-0000-7000-8000-000000000001");
        assertThat(OperationKind.AUTHORIZATION.idempotencyKey(orderId)).isEqualTo(orderId + ":authorize");
        assertThat(OperationKind.CAPTURE.idempotencyKey(orderId)).isEqualTo(orderId + ":capture");
        assertThat(OperationKind.VOID.idempotencyKey(orderId)).isEqualTo(orderId + ":void");
        assertThat(OperationKind.REFUND.idempotencyKey(orderId)).isEqualTo(orderId + ":refund");
    }

    private static Operation operation(Payment payment, OperationKind kind, long amount) {
        Instant now = Instant.now();
        return new Operation(UUID.randomUUID(), payment.id(), payment.orderId(), kind, amount, "EUR",
                OperationStatus.PENDING, kind.idempotencyKey(payment.orderId()), null, null, true, now, now);
    }

    private static Payment payment(PaymentStatus status, boolean cancelRequested, boolean captureRequested) {
        Instant now = Instant.now();
        return new Payment(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID(), status, 1_000L,
                "EUR", 0, 0, null, null, cancelRequested, captureRequested, now, now);
    }
}
