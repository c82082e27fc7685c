package com.example.commerce.payment.payment;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentSettlementFailed;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * One order's payment and its state machine. It decides which provider operation comes next
 * ({@link #nextOperation}) from what the saga asked of it (authorise, capture on dispatch, compensate on
 * cancel) and what the provider has answered so far, so the same decision holds whatever order the
 * events arrived in: a cancel never lets a capture start, a capture waits for the authorisation, a
 * cancel while authorising voids once the answer is in, a cancel after capture refunds.
 */
public class Payment {

    final UUID id;
    final UUID orderId;
    final UUID customerId;
    final UUID paymentMethodId;
    PaymentStatus status;
    final Long amount;
    final String currency;
    long captured;
    long refunded;
    String providerReference;
    String declineReason;
    boolean cancelRequested;
    boolean captureRequested;
    final Instant createdAt;
    Instant updatedAt;

    Payment(UUID id, UUID orderId, UUID customerId, UUID paymentMethodId, PaymentStatus status, Long amount,
            String currency, long captured, long refunded, String providerReference, String declineReason,
            boolean cancelRequested, boolean captureRequested, Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.orderId = orderId;
        this.customerId = customerId;
        this.paymentMethodId = paymentMethodId;
        this.status = status;
        this.amount = amount;
        this.currency = currency;
        this.captured = captured;
        this.refunded = refunded;
        this.providerReference = providerReference;
        this.declineReason = declineReason;
        this.cancelRequested = cancelRequested;
        this.captureRequested = captureRequested;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }

    public UUID id() {
        return id;
    }

    public UUID orderId() {
        return orderId;
    }

    public PaymentStatus status() {
        return status;
    }

    Money money(long minor) {
        return new Money(minor, currency);
    }

    Money amountMoney() {
        return money(amount);
    }

    /** The operation to start now, if any, given that none is open. Never a capture of a cancelled order. */
    Optional<OperationKind> nextOperation() {
        if (cancelRequested) {
            return switch (status) {
                // A capture that failed for good left the authorisation standing: a cancel voids it.
                case AUTHORIZED, CAPTURE_FAILED -> Optional.of(OperationKind.VOID);
                case CAPTURED -> captured > refunded ? Optional.of(OperationKind.REFUND) : Optional.empty();
                default -> Optional.empty();
            };
        }
        if (captureRequested && status == PaymentStatus.AUTHORIZED) {
            return Optional.of(OperationKind.CAPTURE);
        }
        return Optional.empty();
    }

    /** The amount of the operation {@code kind} started now. */
    long amountOf(OperationKind kind) {
        return switch (kind) {
            case AUTHORIZATION, CAPTURE, VOID -> amount;
            case REFUND -> captured - refunded;
        };
    }

    /**
     * The provider performed {@code operation} (under {@code reference}): the operation succeeded and the payment
     * moves on. Returns the event that tells the fleet.
     */
    IntegrationEvent performed(Operation operation, String reference, Instant now) {
        operation.status = OperationStatus.SUCCEEDED;
        operation.providerReference = reference;
        updatedAt = now;
        return switch (operation.kind) {
            case AUTHORIZATION -> {
                status = PaymentStatus.AUTHORIZED;
                providerReference = reference;
                yield new PaymentAuthorized(orderId, id, amountMoney(), reference, now);
            }
            case CAPTURE -> {
                status = PaymentStatus.CAPTURED;
                captured = operation.amount;
                yield new PaymentCaptured(orderId, id, money(operation.amount), now);
            }
            case VOID -> {
                status = PaymentStatus.VOIDED;
                yield new PaymentVoided(orderId, id, now);
            }
            case REFUND -> {
                refunded += operation.amount;
                if (refunded == captured) {
                    status = PaymentStatus.REFUNDED;
                }
                yield new PaymentRefunded(orderId, id, money(operation.amount), now);
            }
        };
    }

    /** The authorisation was declined (the provider's {@code reason}, upper-cased). */
    PaymentDeclined declined(String reason, Instant now) {
        status = PaymentStatus.DECLINED;
        declineReason = PaymentLedger.truncate(reason);
        updatedAt = now;
        return new PaymentDeclined(orderId, reason, now);
    }

    /**
     * A capture or refund that failed for good: the payment waits for an operator (CAPTURE_FAILED, REFUND_FAILED),
     * and the fleet hears of it.
     */
    PaymentSettlementFailed settlementFailed(Operation operation, String code, String reason, Instant now) {
        status = operation.kind == OperationKind.CAPTURE ? PaymentStatus.CAPTURE_FAILED : PaymentStatus.REFUND_FAILED;
        updatedAt = now;
        return new PaymentSettlementFailed(orderId, id, operation.kind.name(), money(operation.amount), code,
                PaymentLedger.truncate(reason), now);
    }
}
