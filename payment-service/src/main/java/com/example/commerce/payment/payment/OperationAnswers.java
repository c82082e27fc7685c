package com.example.commerce.payment.payment;

import static com.example.commerce.payment.payment.PaymentLedger.truncate;

import com.example.commerce.payment.provider.ProviderPayment;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.work.Lease;
import com.example.commerce.starter.work.WorkLeases;
import java.time.Clock;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The provider's side of the ledger: an operation taken for one attempt ({@link #claim}), the provider's answer
 * to it recorded ({@link #record}) under the attempt's fenced lease, and the provider's webhooks
 * ({@link #providerReported}); the events they cause go out through the outbox and the payment's next step is
 * the saga's ({@link PaymentLedger#advance}). Every write locks the order's payment row first.
 */
@Service
public class OperationAnswers {

    private static final Logger log = LoggerFactory.getLogger(OperationAnswers.class);

    private final Payments payments;
    private final PaymentLedger ledger;
    private final WorkLeases leases;
    private final Outbox outbox;
    private final PaymentProperties properties;
    private final PaymentMetrics metrics;
    private final Clock clock;

    OperationAnswers(Payments payments, PaymentLedger ledger, WorkLeases leases, Outbox outbox,
                     PaymentProperties properties, PaymentMetrics metrics, Clock clock) {
        this.payments = payments;
        this.ledger = ledger;
        this.leases = leases;
        this.outbox = outbox;
        this.properties = properties;
        this.metrics = metrics;
        this.clock = clock;
    }

    /**
     * Takes operation {@code operationId} for one attempt by the holder of {@code lease}, unless it is closed. An
     * authorisation of an order cancelled meanwhile is never sent again: one that never went out is dropped here,
     * one that may have reached the provider is only looked up (and voided if it was performed). An operation at
     * its bound ({@code lastAttempt} of its work row, or {@code max-age}) is looked up one last time, or given up
     * at once if it never went out.
     *
     * @return the call to make, or what the attempt already ended in (nothing written when the lease is lost)
     */
    @Transactional
    public Claim claim(UUID operationId, Lease lease, boolean lastAttempt) {
        if (!leases.holds(lease)) {
            return new Claim(null, OperationAttempt.leaseLost());
        }
        Optional<Operation> unlocked = payments.operation(operationId);
        if (unlocked.isEmpty()) {
            return new Claim(null, OperationAttempt.resolved("no such operation"));
        }
        Payment payment = payments.lockById(unlocked.get().paymentId).orElseThrow();
        Operation operation = payments.lockOperation(operationId).orElseThrow();
        if (!operation.status.open()) {
            return new Claim(null, OperationAttempt.resolved(operation.status.name()));
        }
        Instant now = clock.instant();
        boolean cancelledAuthorisation = operation.kind == OperationKind.AUTHORIZATION && payment.cancelRequested;
        if (cancelledAuthorisation && !operation.sent) {
            ledger.dropCancelledAuthorisation(payment, operation, now);
            return new Claim(null, OperationAttempt.resolved("dropped: order cancelled, never sent"));
        }
        boolean lastChance = lastAttempt || !operation.createdAt.plus(properties.maxAge()).isAfter(now);
        if (lastChance && !operation.sent) {
            String why = "never sent within its bound";
            giveUp(payment, operation, why, now);
            return new Claim(null, OperationAttempt.givenUp(PaymentLedger.UNRESOLVED + ": " + why));
        }
        boolean sentBefore = operation.sent;
        boolean lookupOnly = cancelledAuthorisation || lastChance;
        // Counted as sent from here on: a crash during the call must not let a later attempt drop it unseen. The
        // answer puts it back when the call never went out (refused by the open breaker, say).
        operation.sent = sentBefore || !lookupOnly;
        operation.updatedAt = now;
        payments.update(operation);
        return new Claim(new OperationCall(operation.id, operation.orderId, payment.paymentMethodId, operation.kind,
                operation.idempotencyKey, payment.money(operation.amount), payment.providerReference, lookupOnly,
                sentBefore, lastChance), null);
    }

    /**
     * The worker of the operation's last attempt vanished (crashed, stalled past its lease, or failed to record its
     * answer), so no attempt is left: told under a fresh lease ({@code lease}, checked first as any other write),
     * the operation is given up exactly as at its bound ({@link #giveUp}: an authorisation declined
     * {@code PROVIDER_UNRESOLVED} or cancelled, a capture or refund a settlement failure, a void left to lapse).
     * Idempotent: an operation closed meanwhile (answered by a webhook, or told before) is left as it is; an
     * authorisation of a cancelled order that never went out is dropped as {@link #claim} drops it.
     *
     * @return what became of it (nothing written when the lease is lost)
     */
    @Transactional
    public OperationAttempt abandoned(UUID operationId, Lease lease) {
        if (!leases.holds(lease)) {
            return OperationAttempt.leaseLost();
        }
        Optional<Operation> unlocked = payments.operation(operationId);
        if (unlocked.isEmpty()) {
            return OperationAttempt.resolved("no such operation");
        }
        Payment payment = payments.lockById(unlocked.get().paymentId).orElseThrow();
        Operation operation = payments.lockOperation(operationId).orElseThrow();
        if (!operation.status.open()) {
            return OperationAttempt.resolved(operation.status.name());
        }
        Instant now = clock.instant();
        if (operation.kind == OperationKind.AUTHORIZATION && payment.cancelRequested && !operation.sent) {
            ledger.dropCancelledAuthorisation(payment, operation, now);
            return OperationAttempt.resolved("dropped: order cancelled, never sent");
        }
        String why = "the worker of its last attempt vanished without an answer";
        giveUp(payment, operation, why, now);
        return OperationAttempt.givenUp(PaymentLedger.UNRESOLVED + ": " + why);
    }

    /** A claimed operation: the call to make, or (call null) what the attempt ended in already. */
    public record Claim(OperationCall call, OperationAttempt ended) {
    }

    /**
     * Whether an authorisation is still to be sent at this moment: false once its order was cancelled (asked by
     * the adapter before every send, so a resend after an ambiguous attempt never goes out for a cancelled order).
     */
    @Transactional(readOnly = true)
    public boolean stillWanted(UUID operationId) {
        return !payments.cancelRequested(operationId);
    }

    /**
     * Records the provider's answer to a call of ours, made under {@code lease}: only while the lease still holds
     * (checked first, locking the work row, so no other worker can take it over until this commits). An answer
     * that comes back after the lease passed on (a stalled worker's) is refused and changes nothing.
     */
    @Transactional
    public OperationAttempt record(OperationCall call, ProviderResult result, Lease lease) {
        if (!leases.holds(lease)) {
            log.info("{} of order {}: answer {} refused, the lease passed to another worker", call.kind(),
                    call.orderId(), result);
            return OperationAttempt.leaseLost();
        }
        return record(call.operationId(), result, call);
    }

    /** Records the provider's answer to operation {@code id} (from a webhook); once only. */
    @Transactional
    public void record(UUID operationId, ProviderResult result) {
        record(operationId, result, null);
    }

    private OperationAttempt record(UUID operationId, ProviderResult result, OperationCall call) {
        Operation unlocked = payments.operation(operationId).orElseThrow();
        Payment payment = payments.lockById(unlocked.paymentId).orElseThrow();
        Operation operation = payments.lockOperation(operationId).orElseThrow();
        if (!operation.status.open()) {
            return OperationAttempt.resolved(operation.status.name());
        }
        Instant now = clock.instant();
        operation.updatedAt = now;
        boolean cancelledAuthorisation = operation.kind == OperationKind.AUTHORIZATION && payment.cancelRequested;
        boolean lastChance = call != null && call.lastChance();
        switch (result) {
            case ProviderResult.Unresolved unresolved -> {
                if (call != null && !call.sentBefore() && !unresolved.sent()) {
                    operation.sent = false; // kept back (open breaker, full bulkhead, send guard): it never went out
                }
                return unresolvedOrDropped(payment, operation, cancelledAuthorisation && !operation.sent, lastChance,
                        unresolved.why(), now);
            }
            case ProviderResult.NotFound notFound -> {
                // A cancelled authorisation asked and not found: never performed, and now never asked for.
                return unresolvedOrDropped(payment, operation, cancelledAuthorisation, lastChance,
                        "not found at the provider", now);
            }
            case ProviderResult.Refused refused -> refuse(payment, operation, refused.code(), now);
            case ProviderResult.Done done -> succeed(payment, operation, done.payment(), now);
        }
        payments.update(operation);
        metrics.recorded(operation);
        ledger.advance(payment, now);
        return OperationAttempt.resolved(operation.status.name());
    }

    private OperationAttempt unresolvedOrDropped(Payment payment, Operation operation, boolean drop, boolean lastChance,
                                                 String why, Instant now) {
        if (drop) {
            ledger.dropCancelledAuthorisation(payment, operation, now);
            return OperationAttempt.resolved("dropped: order cancelled");
        }
        if (lastChance) {
            giveUp(payment, operation, why, now);
            return OperationAttempt.givenUp(PaymentLedger.UNRESOLVED + ": " + why);
        }
        operation.status = operation.sent ? OperationStatus.UNKNOWN : OperationStatus.PENDING;
        operation.failureReason = truncate(why);
        payments.update(operation);
        metrics.recorded(operation);
        return OperationAttempt.open(why);
    }

    /**
     * The bound is reached and the last lookup told nothing (or the operation never went out): stop asking.
     * An authorisation ends declined ({@code PROVIDER_UNRESOLVED}, so the order is cancelled and its stock
     * released), or {@code CANCELLED} when its order was cancelled already; the payment counts as cancelled, so
     * should the provider report it performed after all, it is voided. A capture or refund becomes a settlement
     * failure for an operator. A void is left to lapse at the provider (logged and counted).
     */
    private void giveUp(Payment payment, Operation operation, String why, Instant now) {
        operation.status = OperationStatus.FAILED;
        operation.failureReason = PaymentLedger.UNRESOLVED;
        operation.updatedAt = now;
        payments.update(operation);
        metrics.recorded(operation);
        metrics.givenUp(operation.kind);
        log.warn("Gave up {} of order {}: {}", operation.kind, payment.orderId, why);
        payment.updatedAt = now;
        switch (operation.kind) {
            case AUTHORIZATION -> {
                boolean cancelled = payment.cancelRequested;
                payment.cancelRequested = true;
                if (cancelled) {
                    payment.status = PaymentStatus.CANCELLED;
                } else {
                    outbox.publish(payment.declined(PaymentLedger.PROVIDER_UNRESOLVED, now));
                }
            }
            case CAPTURE, REFUND -> settlementFailed(payment, operation, PaymentLedger.UNRESOLVED, why, now);
            case VOID -> log.error("The authorisation of order {} could not be voided; it lapses at the provider",
                    payment.orderId);
        }
        ledger.advance(payment, now);
    }

    /** What became of a provider webhook's news. */
    public enum Reported {
        /** Recorded (or nothing of ours was open to settle: a repeat, an unknown key). */
        APPLIED,
        /** Refused: its amount or currency is not the payment's. Nothing changed. */
        AMOUNT_MISMATCH
    }

    /**
     * Records a provider webhook's news of the operation named by its idempotency key; never starts anything
     * new. News whose amount or currency differs from the payment's is refused and changes nothing. The one
     * closed operation it may reopen is an authorisation dropped because its order was cancelled (or given up
     * at its bound), if the provider did perform it after all: then it is recorded, and so voided.
     */
    @Transactional
    public Reported providerReported(String idempotencyKey, ProviderPayment reported) {
        Optional<Operation> found = payments.operationByKey(idempotencyKey);
        if (found.isEmpty()) {
            return Reported.APPLIED;
        }
        Operation operation = found.get();
        Payment payment = payments.lockById(operation.paymentId).orElseThrow();
        if (payment.amount == null || reported.amountMinor() != payment.amount
                || !payment.currency.equals(reported.currency())) {
            log.warn("Provider reported {} {} for {} of order {}, which is {} {}: refused", reported.amountMinor(),
                    reported.currency(), operation.kind, payment.orderId, payment.amount, payment.currency);
            metrics.webhookRefused(Reported.AMOUNT_MISMATCH.name());
            return Reported.AMOUNT_MISMATCH;
        }
        if (!fits(operation.kind, reported.state())) {
            return Reported.APPLIED;
        }
        if (operation.status.open()) {
            record(operation.id, new ProviderResult.Done(reported));
        } else if (operation.kind == OperationKind.AUTHORIZATION && operation.status == OperationStatus.FAILED
                && (PaymentLedger.ORDER_CANCELLED.equals(operation.failureReason)
                        || PaymentLedger.UNRESOLVED.equals(operation.failureReason))
                && reported.state() == ProviderPayment.State.AUTHORIZED) {
            Operation locked = payments.lockOperation(operation.id).orElseThrow();
            if (locked.status == OperationStatus.FAILED && payment.cancelRequested
                    && (payment.status == PaymentStatus.CANCELLED || payment.status == PaymentStatus.DECLINED)) {
                locked.status = OperationStatus.UNKNOWN;
                payments.update(locked);
                record(locked.id, new ProviderResult.Done(reported));
            }
        }
        return Reported.APPLIED;
    }

    /** Whether the provider's state of a payment is what operation {@code kind} leaves when it was performed. */
    private static boolean fits(OperationKind kind, ProviderPayment.State state) {
        return switch (kind) {
            case AUTHORIZATION -> state != ProviderPayment.State.UNKNOWN;
            case CAPTURE -> state == ProviderPayment.State.CAPTURED || state == ProviderPayment.State.PARTIALLY_REFUNDED
                    || state == ProviderPayment.State.REFUNDED;
            case VOID -> state == ProviderPayment.State.VOIDED;
            case REFUND -> state == ProviderPayment.State.PARTIALLY_REFUNDED || state == ProviderPayment.State.REFUNDED;
        };
    }

    private void succeed(Payment payment, Operation operation, ProviderPayment reported, Instant now) {
        if (operation.kind == OperationKind.AUTHORIZATION && reported.state() == ProviderPayment.State.DECLINED) {
            refuse(payment, operation, reported.declineReason() == null ? "declined" : reported.declineReason(), now);
            return;
        }
        outbox.publish(payment.performed(operation, reported.reference(), now));
    }

    private void refuse(Payment payment, Operation operation, String code, Instant now) {
        operation.status = OperationStatus.FAILED;
        operation.failureReason = truncate(code);
        switch (operation.kind) {
            case AUTHORIZATION -> outbox.publish(payment.declined(code.toUpperCase(Locale.ROOT), now));
            case VOID -> log.error("Provider refused {} of order {} for good: {}", operation.kind, payment.orderId, code);
            case CAPTURE, REFUND -> settlementFailed(payment, operation, code, null, now);
        }
    }

    /** A capture or refund that failed for good ({@link Payment#settlementFailed}): logged and counted too. */
    private void settlementFailed(Payment payment, Operation operation, String code, String reason, Instant now) {
        log.error("{} of order {} failed for good ({}): waits for an operator", operation.kind, payment.orderId, code);
        outbox.publish(payment.settlementFailed(operation, code, reason, now));
        metrics.settlementFailed(operation.kind, code);
    }
}
