package com.example.commerce.payment.payment;

import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.payment.wallet.Wallet;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.starter.work.WorkQueue;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The payments of the saga: what each event asks of a payment, recorded as an operation (and its work row) in
 * the event's own transaction. The provider is asked after it commits ({@link PaymentOperationHandler}) and its
 * answers are recorded by {@link OperationAnswers}, which hands the payment back here ({@link #advance}).
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
    private final WorkQueue work;
    private final PaymentProperties properties;
    private final PaymentMetrics metrics;
    private final Clock clock;

    PaymentLedger(Payments payments, Wallet wallet, Outbox outbox, WorkQueue work, PaymentProperties properties,
                  PaymentMetrics metrics, Clock clock) {
        this.metrics = metrics;
        this.clock = clock;
        this.payments = payments;
        this.wallet = wallet;
        this.outbox = outbox;
        this.work = work;
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

    /** An authorisation of a cancelled order that never reached the provider: dropped, the payment CANCELLED. */
    void dropCancelledAuthorisation(Payment payment, Operation operation, Instant now) {
        operation.status = OperationStatus.FAILED;
        operation.failureReason = ORDER_CANCELLED;
        operation.updatedAt = now;
        payments.update(operation);
        payment.status = PaymentStatus.CANCELLED;
        payment.updatedAt = now;
        payments.update(payment);
        metrics.recorded(operation);
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
     * next number), and enqueues its work ({@link PaymentOperationHandler#KIND}, keyed by the operation's id) in
     * the same transaction: the provider is asked once it commits, by the starter's workers.
     */
    void startAttempt(Payment payment, OperationKind kind, int attempt, String actor, String note, Instant now) {
        Operation operation = new Operation(Uuids.v7(), payment.id, payment.orderId, kind, payment.amountOf(kind),
                payment.currency, OperationStatus.PENDING, kind.idempotencyKey(payment.orderId, attempt), null, null,
                false, now, now);
        operation.attempt = attempt;
        operation.actor = actor;
        operation.note = note;
        if (payments.insert(operation)) {
            work.enqueue(PaymentOperationHandler.KIND, operation.id.toString(),
                    "{\"operationId\":\"" + operation.id + "\"}", now, properties.workAttempts());
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
