package com.example.commerce.payment.payment;

import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.payment.provider.ProviderPayment;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.payment.wallet.Wallet;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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

    private static final Logger log = LoggerFactory.getLogger(PaymentLedger.class);

    private final Payments payments;
    private final Wallet wallet;
    private final Outbox outbox;
    private final ApplicationEventPublisher events;
    private final PaymentProperties properties;
    private final MeterRegistry meters;
    private final Clock clock = Clock.systemUTC();

    PaymentLedger(Payments payments, Wallet wallet, Outbox outbox, ApplicationEventPublisher events,
                  PaymentProperties properties, MeterRegistry meters) {
        this.meters = meters;
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
        advance(payment, now);
    }

    /**
     * Takes operation {@code id} for one call, unless it is closed or someone else holds it. An authorisation
     * of an order cancelled meanwhile is never sent again: one that never went out is dropped here, one that
     * may have reached the provider is only looked up (and voided if it was performed).
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
        operation.attempts++;
        // Counted as sent from here on: a crash during the call must not let a later claim drop it unseen.
        operation.sent = true;
        operation.leasedUntil = now.plus(properties.lease());
        operation.updatedAt = now;
        payments.update(operation);
        return Optional.of(new OperationCall(operation.id, operation.orderId, payment.paymentMethodId, operation.kind,
                operation.idempotencyKey, payment.money(operation.amount), payment.providerReference,
                cancelledAuthorisation));
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
        count(operation);
    }

    /** Records the provider's answer to operation {@code id} (from the call, or from a webhook); once only. */
    @Transactional
    public void record(UUID operationId, ProviderResult result) {
        Operation unlocked = payments.operation(operationId).orElseThrow();
        Payment payment = payments.lockById(unlocked.paymentId).orElseThrow();
        Operation operation = payments.lockOperation(operationId).orElseThrow();
        if (!operation.status.open()) {
            return;
        }
        Instant now = clock.instant();
        operation.updatedAt = now;
        operation.leasedUntil = null;
        switch (result) {
            case ProviderResult.Unresolved unresolved -> {
                unresolved(operation, unresolved.why(), now);
                return;
            }
            case ProviderResult.NotFound notFound -> {
                if (operation.kind == OperationKind.AUTHORIZATION && payment.cancelRequested) {
                    // Asked, answered: the provider never performed it, and now it never will be asked to.
                    dropCancelledAuthorisation(payment, operation, now);
                    return;
                }
                unresolved(operation, "not found at the provider", now);
                return;
            }
            case ProviderResult.Refused refused -> refuse(payment, operation, refused.code(), now);
            case ProviderResult.Done done -> succeed(payment, operation, done.payment(), now);
        }
        payments.update(operation);
        count(operation);
        advance(payment, now);
    }

    private void unresolved(Operation operation, String why, Instant now) {
        operation.status = operation.sent ? OperationStatus.UNKNOWN : OperationStatus.PENDING;
        operation.failureReason = truncate(why);
        operation.dueAt = now.plus(properties.retryDelay());
        payments.update(operation);
        count(operation);
    }

    /** Every answer recorded, by operation kind and the status it left: SUCCEEDED, FAILED, or still UNKNOWN/PENDING. */
    private void count(Operation operation) {
        Counter.builder("commerce.payment.operations").description("Provider answers recorded, by kind and outcome")
                .tag("kind", operation.kind.name()).tag("outcome", operation.status.name()).register(meters).increment();
    }

    /**
     * Records a provider webhook's news of the operation named by its idempotency key; never starts anything
     * new. The one closed operation it may reopen is an authorisation dropped because its order was
     * cancelled, if the provider did perform it after all: then it is recorded, and so voided.
     */
    @Transactional
    public void providerReported(String idempotencyKey, ProviderPayment reported) {
        Optional<Operation> found = payments.operationByKey(idempotencyKey)
                .filter(operation -> fits(operation.kind, reported.state()));
        if (found.isEmpty()) {
            return;
        }
        Operation operation = found.get();
        if (operation.status.open()) {
            record(operation.id, new ProviderResult.Done(reported));
        } else if (operation.kind == OperationKind.AUTHORIZATION && operation.status == OperationStatus.FAILED
                && ORDER_CANCELLED.equals(operation.failureReason) && reported.state() == ProviderPayment.State.AUTHORIZED) {
            Payment payment = payments.lockById(operation.paymentId).orElseThrow();
            Operation locked = payments.lockOperation(operation.id).orElseThrow();
            if (locked.status == OperationStatus.FAILED && payment.status == PaymentStatus.CANCELLED) {
                locked.status = OperationStatus.UNKNOWN;
                payments.update(locked);
                record(locked.id, new ProviderResult.Done(reported));
            }
        }
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
        } else {
            log.error("Provider refused {} of order {} for good: {}", operation.kind, payment.orderId, code);
        }
    }

    /** Starts the next operation the payment calls for, if none is open; saves the payment. */
    private void advance(Payment payment, Instant now) {
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
        Operation operation = new Operation(Uuids.v7(), payment.id, payment.orderId, kind, payment.amountOf(kind),
                payment.currency, OperationStatus.PENDING, kind.idempotencyKey(payment.orderId), null, null, 0, false,
                now.plus(properties.after()), null, now, now);
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

    private static String truncate(String value) {
        return value == null || value.length() <= 200 ? value : value.substring(0, 200);
    }
}
