package com.example.commerce.payment.payment;

import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A payment as operators read it, with its ledger of provider operations. */
public record PaymentView(UUID id, UUID orderId, PaymentStatus status, Money amount, Money capturedAmount,
                          Money refundedAmount, String providerReference, String declineReason,
                          List<OperationView> operations, Instant createdAt, Instant updatedAt) {

    /**
     * One row of the ledger. {@code attempt} 1 is the saga's own; an operator's retry or settlement is the next
     * number, with who did it ({@code actor}) and why ({@code note}).
     */
    public record OperationView(OperationKind kind, OperationStatus status, Money amount, String idempotencyKey,
                                String providerReference, Instant at, int attempt, String failureReason,
                                String actor, String note) {

        static OperationView of(Operation o) {
            return new OperationView(o.kind, o.status, new Money(o.amount, o.currency), o.idempotencyKey,
                    o.providerReference, o.updatedAt, o.attempt, o.failureReason, o.actor, o.note);
        }
    }

    static PaymentView of(Payment p, List<Operation> operations) {
        return new PaymentView(p.id, p.orderId, p.status, p.amount == null ? null : p.money(p.amount),
                p.currency == null ? null : p.money(p.captured), p.currency == null ? null : p.money(p.refunded),
                p.providerReference, p.declineReason,
                operations.stream().map(OperationView::of).toList(),
                p.createdAt, p.updatedAt);
    }
}
