package com.example.commerce.payment.payment;

import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentSettlementFailed;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.payment.provider.ProviderPayment;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.payment.wallet.Wallet;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The payments of the saga: what each event asks of a payment, recorded as an operation in the event's own
 * transaction (the provider is called after it commits, see {@link ProviderCalls}), and the provider's
 * answers recorded in a transaction of their own, with the events they cause going out through the outbox.
 *
 * <p>Every step locks the order's payment row first, so two events of one order (from two topics, on two
 * threads) take turns, and each decides from what the other left.
 */
@Service
public class PaymentLedger {

    static final String PAYMENT_METHOD_UNKNOWN = "PAYMENT_METHOD_UNKNOWN";
    static final String AMOUNT_UNKNOWN = "AMOUNT_UNKNOWN";
    static final String ORDER_CANCELLED = "ORDER_CANCELLED";
    /** The provider reference of a payment of nothing (a fully discounted order): the provider is never asked. */
    static final String NO_CHARGE = "no-charge";
    /** Our code for an operation still unresolved at its bound, given up. */
    static final String UNRESOLVED = "UNRESOLVED";
    /** The decline reason of an authorisation given up at its bound: nobody could tell whether it was made. */
    static final String PROVIDER_UNRESOLVED = "PROVIDER_UNRESOLVED";

    private static final Logger log = LoggerFactory.getLogger(PaymentLedger.class);

    private final Payments payments;
    private final Wallet wallet;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;
    private final PaymentProperties properties;
    private final PaymentMetrics metrics;
    private final Clock clock;

    PaymentLedger(Payments payments, Wallet wallet, Outbox outbox, ApplicationEventPublisher events,
                  PaymentProperties properties, PaymentMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.payments = payments;
        this.wallet = wallet;
        this.outbox = outbox;
        this.events = events;
        this.properties = properties;
    }

    /** Records the authorisation of the order's total, or declines at once when the card is not the customer's. */
    @Transactional
    public void stockReserved(StockReserved reserved) {
        if (payments.lockByOrderId(reserved.orderId()).isPresent()) {
            return; // cancelled before (tombstone), or a second StockReserved of the order: nothing more to authorise
        }
        Instant now = clock.instant();
        Money total = reserved.total();
        String refusal = total == null ? AMOUNT_UNKNOWN
                : wallet.usableBy(reserved.paymentMethodId(), reserved.customerId()) ? null : PAYMENT_METHOD_UNKNOWN;
        boolean free = refusal == null && total.amountMinor() == 0;
        Payment payment = new Payment(Uuids.v7(), reserved.orderId(), reserved.customerId(),
                refusal == null ? reserved.paymentMethodId() : null,
                refusal != null ? PaymentStatus.DECLINED : free ? PaymentStatus.AUTHORIZED : PaymentStatus.AUTHORIZING,
                total == null ? null : total.amountMinor(), total == null ? null : total.currency(), 0, 0,
                free ? NO_CHARGE : null, refusal, false, false, now, now);
        if (!payments.insert(payment)) {
            return; // a cancel of the order committed its tombstone meanwhile
        }
        if (refusal != null) {
            outbox.publish(new PaymentDeclined(payment.orderId, refusal, now));
        } else if (free) {
            outbox.publish(new PaymentAuthorized(payment.orderId, payment.id, total, NO_CHARGE, now));
        } else {
            start(payment, OperationKind.AUTHORIZATION, now);
        }
    }

    /** Captures the authorised amount, unless the order was cancelled; after the authorisation if it is still open. */
    @Transactional
    public void shipmentDispatched(ShipmentDispatched dispatched) {
        Optional<Payment> found = payments.lockByOrderId(dispatched.orderId());
        if (found.isEmpty()) {
            log.warn("Order {} dispatched without a payment here: nothing to capture", dispatched.orderId());
            return;
        }
        Payment payment = found.get();
        if (payment.captureRequested) {
            return;
        }
        payment.captureRequested = true;
        advance(payment, clock.instant());
    }

    /**
     * Compensates the order's payment: void what is authorised, refund what is captured, and leave a
     * tombstone when nothing has arrived yet, so a later StockReserved authorises nothing.
     */
    @Transactional
    public void orderCancelled(OrderCancelled cancelled) {
        Instant now = clock.instant();
        Optional<Payment> found = payments.lockByOrderId(cancelled.orderId());
        if (found.isEmpty()) {
            Payment tombstone = new Payment(Uuids.v7(), cancelled.orderId(), null, null, PaymentStatus.CANCELLED, null,
                    null, 0, 0, null, null, true, false, now, now);
            if (payments.insert(tombstone)) {
                return;
            }
            found = payments.lockByOrderId(cancelled.orderId()); // a StockReserved won the race: compensate it
        }
        Payment payment = found.orElseThrow();
        if (payment.cancelRequested) {
            return;
        }
        payment.cancelRequested = true;
        if (payment.status == PaymentStatus.AUTHORIZING) {
            // An authorisation that never went out (the breaker refused it, say) is dropped here and now: it was
            // never performed, so there is nothing to ask the provider. One that may have gone out is looked up.
            payments.lockOpenOperation(payment.id, OperationKind.AUTHORIZATION)
                    .filter(operation -> !operation.sent)
                    .ifPresent(operation -> dropCancelledAuthorisation(payment, operation, now));
        }
        advance(payment, now);
    }

    /**
     * Takes operation {@code id} for one call, unless it is closed or someone else holds it. An authorisation
     * of an order cancelled meanwhile is never sent again: one that never went out is dropped here, one that
     * may have reached the provider is only looked up (and voided if it was performed). An operation at its
     * bound ({@code max-attempts}, {@code max-age}) is looked up one last time, or given up at once if it never
     * went out.
     */
    @Transactional
    public Optional<OperationCall> claim(UUID operationId) {
        Optional<Operation> unlocked = payments.operation(operationId);
        if (unlocked.isEmpty() || !unlocked.get().status.open()) {
            return Optional.empty();
        }
        Payment payment = payments.lockById(unlocked.get().paymentId).orElseThrow();
        Operation operation = payments.lockOperation(operationId).orElseThrow();
        Instant now = clock.instant();
        if (!operation.status.open() || (operation.leasedUntil != null && operation.leasedUntil.isAfter(now))) {
            return Optional.empty();
        }
        boolean cancelledAuthorisation = operation.kind == OperationKind.AUTHORIZATION && payment.cancelRequested;
        if (cancelledAuthorisation && !operation.sent) {
            dropCancelledAuthorisation(payment, operation, now);
            return Optional.empty();
        }
        boolean lastChance = operation.attempts >= properties.maxAttempts()
                || !operation.createdAt.plus(properties.maxAge()).isAfter(now);
        if (lastChance && !operation.sent) {
            giveUp(payment, operation, "never sent within " + operation.attempts + " attempts", now);
            return Optional.empty();
        }
        boolean sentBefore = operation.sent;
        boolean lookupOnly = cancelledAuthorisation || lastChance;
        operation.attempts++;
        // Counted as sent from here on: a crash during the call must not let a later claim drop it unseen. The
        // answer puts it back when the call never went out (refused by the open breaker, say).
        operation.sent = sentBefore || !lookupOnly;
        operation.leasedUntil = now.plus(properties.lease());
        operation.updatedAt = now;
        payments.update(operation);
        return Optional.of(new OperationCall(operation.id, operation.orderId, payment.paymentMethodId, operation.kind,
                operation.idempotencyKey, payment.money(operation.amount), payment.providerReference, lookupOnly,
                sentBefore, lastChance, operation.attempts));
    }

    /**
     * Whether an authorisation is still to be sent at this moment: false once its order was cancelled (asked by
     * the adapter before every send, so a resend after an ambiguous attempt never goes out for a cancelled order).
     */
    @Transactional(readOnly = true)
    public boolean stillWanted(UUID operationId) {
        return !payments.cancelRequested(operationId);
    }

    private void dropCancelledAuthorisation(Payment payment, Operation operation, Instant now) {
        operation.status = OperationStatus.FAILED;
        operation.failureReason = ORDER_CANCELLED;
        operation.leasedUntil = null;
        operation.updatedAt = now;
        payments.update(operation);
        payment.status = PaymentStatus.CANCELLED;
        payment.updatedAt = now;
        payments.update(payment);
        metrics.recorded(operation);
    }

    /** Records the provider's answer to a call of ours; once only. */
    @Transactional
    public void record(OperationCall call, ProviderResult result) {
        record(call.operationId(), result, call);
    }

    /** Records the provider's answer to operation {@code id} (from a webhook); once only. */
    @Transactional
    public void record(UUID operationId, ProviderResult result) {
        record(operationId, result, null);
    }

    private void record(UUID operationId, ProviderResult result, OperationCall call) {
        Operation unlocked = payments.operation(operationId).orElseThrow();
        Payment payment = payments.lockById(unlocked.paymentId).orElseThrow();
        Operation operation = payments.lockOperation(operationId).orElseThrow();
        if (!operation.status.open()) {
            return;
        }
        Instant now = clock.instant();
        operation.updatedAt = now;
        operation.leasedUntil = null;
        boolean cancelledAuthorisation = operation.kind == OperationKind.AUTHORIZATION && payment.cancelRequested;
        boolean lastChance = call != null && call.lastChance();
        switch (result) {
            case ProviderResult.Unresolved unresolved -> {
                if (call != null && !call.sentBefore() && !unresolved.sent() && call.attempt() == operation.attempts) {
                    operation.sent = false; // kept back (open breaker, full bulkhead, send guard): it never went out
                }
                if (cancelledAuthorisation && !operation.sent) {
                    dropCancelledAuthorisation(payment, operation, now);
                } else if (lastChance) {
                    giveUp(payment, operation, unresolved.why(), now);
                } else {
                    unresolved(operation, unresolved.why(), now);
                }
                return;
            }
            case ProviderResult.NotFound notFound -> {
                if (cancelledAuthorisation) {
                    // Asked, answered: the provider never performed it, and now it never will be asked to.
                    dropCancelledAuthorisation(payment, operation, now);
                } else if (lastChance) {
                    giveUp(payment, operation, "not found at the provider", now);
                } else {
                    unresolved(operation, "not found at the provider", now);
                }
                return;
            }
            case ProviderResult.Refused refused -> refuse(payment, operation, refused.code(), now);
            case ProviderResult.Done done -> succeed(payment, operation, done.payment(), now);
        }
        payments.update(operation);
        metrics.recorded(operation);
        advance(payment, now);
    }

    private void unresolved(Operation operation, String why, Instant now) {
        operation.status = operation.sent ? OperationStatus.UNKNOWN : OperationStatus.PENDING;
        operation.failureReason = truncate(why);
        operation.dueAt = now.plus(properties.retryDelayAfter(operation.attempts));
        payments.update(operation);
        metrics.recorded(operation);
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
        operation.failureReason = UNRESOLVED;
        operation.leasedUntil = null;
        operation.updatedAt = now;
        payments.update(operation);
        metrics.recorded(operation);
        metrics.givenUp(operation.kind);
        log.warn("Gave up {} of order {} after {} attempts: {}", operation.kind, payment.orderId, operation.attempts, why);
        payment.updatedAt = now;
        switch (operation.kind) {
            case AUTHORIZATION -> {
                boolean cancelled = payment.cancelRequested;
                payment.cancelRequested = true;
                if (cancelled) {
                    payment.status = PaymentStatus.CANCELLED;
                } else {
                    payment.status = PaymentStatus.DECLINED;
                    payment.declineReason = PROVIDER_UNRESOLVED;
                    outbox.publish(new PaymentDeclined(payment.orderId, PROVIDER_UNRESOLVED, now));
                }
            }
            case CAPTURE, REFUND -> settlementFailed(payment, operation, UNRESOLVED, why, now);
            case VOID -> log.error("The authorisation of order {} could not be voided; it lapses at the provider",
                    payment.orderId);
        }
        advance(payment, now);
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
                && (ORDER_CANCELLED.equals(operation.failureReason) || UNRESOLVED.equals(operation.failureReason))
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

    @Transactional(readOnly = true)
    public List<UUID> dueOperations() {
        return payments.due(clock.instant(), properties.batchSize());
    }

    private void succeed(Payment payment, Operation operation, ProviderPayment reported, Instant now) {
        switch (operation.kind) {
            case AUTHORIZATION -> {
                if (reported.state() == ProviderPayment.State.DECLINED) {
                    refuse(payment, operation, reported.declineReason() == null ? "declined" : reported.declineReason(), now);
                    return;
                }
                operation.status = OperationStatus.SUCCEEDED;
                operation.providerReference = reported.reference();
                payment.status = PaymentStatus.AUTHORIZED;
                payment.providerReference = reported.reference();
                outbox.publish(new PaymentAuthorized(payment.orderId, payment.id, payment.amountMoney(),
                        reported.reference(), now));
            }
            case CAPTURE -> {
                operation.status = OperationStatus.SUCCEEDED;
                operation.providerReference = reported.reference();
                payment.status = PaymentStatus.CAPTURED;
                payment.captured = operation.amount;
                outbox.publish(new PaymentCaptured(payment.orderId, payment.id, payment.money(operation.amount), now));
            }
            case VOID -> {
                operation.status = OperationStatus.SUCCEEDED;
                operation.providerReference = reported.reference();
                payment.status = PaymentStatus.VOIDED;
                outbox.publish(new PaymentVoided(payment.orderId, payment.id, now));
            }
            case REFUND -> {
                operation.status = OperationStatus.SUCCEEDED;
                operation.providerReference = reported.reference();
                payment.refunded += operation.amount;
                if (payment.refunded == payment.captured) {
                    payment.status = PaymentStatus.REFUNDED;
                }
                outbox.publish(new PaymentRefunded(payment.orderId, payment.id, payment.money(operation.amount), now));
            }
        }
        payment.updatedAt = now;
    }

    private void refuse(Payment payment, Operation operation, String code, Instant now) {
        operation.status = OperationStatus.FAILED;
        operation.failureReason = truncate(code);
        if (operation.kind == OperationKind.AUTHORIZATION) {
            String reason = code.toUpperCase(Locale.ROOT);
            payment.status = PaymentStatus.DECLINED;
            payment.declineReason = truncate(reason);
            payment.updatedAt = now;
            outbox.publish(new PaymentDeclined(payment.orderId, reason, now));
        } else if (operation.kind == OperationKind.VOID) {
            log.error("Provider refused {} of order {} for good: {}", operation.kind, payment.orderId, code);
        } else {
            settlementFailed(payment, operation, code, null, now);
        }
    }

    /**
     * A capture or refund that failed for good: the payment waits for an operator (CAPTURE_FAILED, REFUND_FAILED),
     * and the fleet hears of it (PaymentSettlementFailed).
     */
    private void settlementFailed(Payment payment, Operation operation, String code, String reason, Instant now) {
        log.error("{} of order {} failed for good ({}): waits for an operator", operation.kind, payment.orderId, code);
        payment.status = operation.kind == OperationKind.CAPTURE ? PaymentStatus.CAPTURE_FAILED : PaymentStatus.REFUND_FAILED;
        payment.updatedAt = now;
        outbox.publish(new PaymentSettlementFailed(payment.orderId, payment.id, operation.kind.name(),
                payment.money(operation.amount), code, truncate(reason), now));
        metrics.settlementFailed(operation.kind, code);
    }

    /** Starts the next operation the payment calls for, if none is open; saves the payment. */
    void advance(Payment payment, Instant now) {
        payment.updatedAt = now;
        payments.update(payment);
        if (payments.hasOpenOperation(payment.id)) {
            return; // its answer will call advance again
        }
        payment.nextOperation().ifPresent(kind -> start(payment, kind, now));
    }

    private void start(Payment payment, OperationKind kind, Instant now) {
        if (Long.valueOf(0).equals(payment.amount)) {
            settleWithoutProvider(payment, kind, now);
            return;
        }
        // Attempt 1 is the saga's own: once recorded, a second start of it inserts nothing (the key is unique).
        startAttempt(payment, kind, 1, null, null, now);
    }

    /**
     * Records attempt {@code attempt} of operation {@code kind} (the saga's own is 1, an operator's retry the
     * next number), to be asked of the provider once the transaction commits.
     */
    void startAttempt(Payment payment, OperationKind kind, int attempt, String actor, String note, Instant now) {
        Operation operation = new Operation(Uuids.v7(), payment.id, payment.orderId, kind, payment.amountOf(kind),
                payment.currency, OperationStatus.PENDING, kind.idempotencyKey(payment.orderId, attempt), null, null, 0,
                false, now.plus(properties.after()), null, now, now);
        operation.attempt = attempt;
        operation.actor = actor;
        operation.note = note;
        if (payments.insert(operation)) {
            events.publishEvent(new OperationRecorded(operation.id));
        }
    }

    /** A payment of nothing moves no money: its capture and void are recorded here, the provider never asked. */
    private void settleWithoutProvider(Payment payment, OperationKind kind, Instant now) {
        switch (kind) {
            case CAPTURE -> {
                payment.status = PaymentStatus.CAPTURED;
                outbox.publish(new PaymentCaptured(payment.orderId, payment.id, payment.money(0), now));
            }
            case VOID -> {
                payment.status = PaymentStatus.VOIDED;
                outbox.publish(new PaymentVoided(payment.orderId, payment.id, now));
            }
            case AUTHORIZATION, REFUND -> {
                return;
            }
        }
        payment.updatedAt = now;
        payments.update(payment);
    }

    static String truncate(String value) {
        return value == null || value.length() <= 200 ? value : value.substring(0, 200);
    }
}
