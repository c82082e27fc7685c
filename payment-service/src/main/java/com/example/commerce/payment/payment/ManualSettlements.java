package com.example.commerce.payment.payment;

import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The operators' way out of a capture or refund that failed for good (a payment {@code CAPTURE_FAILED} or
 * {@code REFUND_FAILED}): retry it, as a new attempt with a key of its own ({@code <orderId>:<step>:<attempt>}),
 * or settle it by hand (it was done outside this service, e.g. in the provider's dashboard). Either way a row
 * of the ledger says who did it, when and why.
 */
@Service
public class ManualSettlements {

    /** The payment does not wait for an operator: nothing to retry or settle. */
    public static final URI NOT_AWAITING_SETTLEMENT = ProblemTypes.of("payment-not-awaiting-settlement");
    static final int MAX_NOTE = 500;

    private static final Logger log = LoggerFactory.getLogger(ManualSettlements.class);

    private final Payments payments;
    private final PaymentLedger ledger;
    private final Outbox outbox;
    private final Clock clock;

    ManualSettlements(Payments payments, PaymentLedger ledger, Outbox outbox, Clock clock) {
        this.payments = payments;
        this.ledger = ledger;
        this.outbox = outbox;
        this.clock = clock;
    }

    /**
     * Asks the provider again for the failed capture or refund, under a new idempotency key; the payment goes
     * back to where it stood before it (AUTHORIZED, CAPTURED) until the answer is recorded.
     */
    @Transactional
    public PaymentView retry(UUID paymentId, String actor, String note) {
        checkNote(note, false);
        Payment payment = awaitingSettlement(paymentId);
        Instant now = clock.instant();
        OperationKind kind = failedKind(payment);
        payment.status = kind == OperationKind.CAPTURE ? PaymentStatus.AUTHORIZED : PaymentStatus.CAPTURED;
        payment.updatedAt = now;
        payments.update(payment);
        int attempt = payments.nextAttempt(payment.id, kind);
        ledger.startAttempt(payment, kind, attempt, actor, blankToNull(note), now);
        log.info("{} retried {} of order {} (attempt {})", actor, kind, payment.orderId, attempt);
        return view(payment);
    }

    /**
     * Marks the failed capture or refund as done outside this service: a SETTLED row of the ledger (never sent
     * to the provider) with the operator and the note; the payment becomes CAPTURED or REFUNDED and the fleet
     * hears the usual PaymentCaptured or PaymentRefunded.
     */
    @Transactional
    public PaymentView settle(UUID paymentId, String actor, String note) {
        checkNote(note, true);
        Payment payment = awaitingSettlement(paymentId);
        Instant now = clock.instant();
        OperationKind kind = failedKind(payment);
        long amount = payment.amountOf(kind == OperationKind.CAPTURE ? OperationKind.CAPTURE : OperationKind.REFUND);
        int attempt = payments.nextAttempt(payment.id, kind);
        Operation settled = new Operation(Uuids.v7(), payment.id, payment.orderId, kind, amount, payment.currency,
                OperationStatus.SETTLED, kind.idempotencyKey(payment.orderId, attempt), null, null, false, now, now);
        settled.attempt = attempt;
        settled.actor = actor;
        settled.note = note.strip();
        payments.insert(settled);
        if (kind == OperationKind.CAPTURE) {
            payment.status = PaymentStatus.CAPTURED;
            payment.captured = amount;
            outbox.publish(new PaymentCaptured(payment.orderId, payment.id, payment.money(amount), now));
        } else {
            payment.status = PaymentStatus.REFUNDED;
            payment.refunded += amount;
            outbox.publish(new PaymentRefunded(payment.orderId, payment.id, payment.money(amount), now));
        }
        log.info("{} settled {} of order {} by hand: {}", actor, kind, payment.orderId, settled.note);
        ledger.advance(payment, now);
        return view(payment);
    }

    private Payment awaitingSettlement(UUID paymentId) {
        Payment payment = payments.lockById(paymentId).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND,
                ProblemTypes.NOT_FOUND, "Not found", "No payment " + paymentId + ".", Map.of()));
        if (!payment.status.awaitsSettlement()) {
            throw Problems.problem(HttpStatus.CONFLICT, NOT_AWAITING_SETTLEMENT, "Not awaiting settlement",
                    "Payment " + paymentId + " is " + payment.status + ": only a CAPTURE_FAILED or REFUND_FAILED payment"
                            + " is retried or settled.", Map.of("status", payment.status.name()));
        }
        return payment;
    }

    private static OperationKind failedKind(Payment payment) {
        return payment.status == PaymentStatus.CAPTURE_FAILED ? OperationKind.CAPTURE : OperationKind.REFUND;
    }

    private static void checkNote(String note, boolean required) {
        String problem = note == null || note.isBlank() ? (required ? "must not be blank" : null)
                : note.strip().length() > MAX_NOTE ? "must be at most " + MAX_NOTE + " characters" : null;
        if (problem != null) {
            throw Problems.problem(HttpStatus.BAD_REQUEST, ProblemTypes.VALIDATION_FAILED, "Validation failed",
                    "note " + problem + ".", Map.of("invalidParams", List.of(Map.of("name", "note", "reason", problem))));
        }
    }

    private static String blankToNull(String note) {
        return note == null || note.isBlank() ? null : note.strip();
    }

    private PaymentView view(Payment payment) {
        return PaymentView.of(payment, payments.operationsOf(payment.id));
    }
}
