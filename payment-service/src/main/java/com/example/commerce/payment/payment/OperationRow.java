package com.example.commerce.payment.payment;

import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * An operation as the operators' desk lists it ({@code GET /api/v1/ops/payments/operations}).
 *
 * @param attempts how often it was claimed for a call so far (refused by an open breaker included)
 * @param sent     whether it may have reached the provider
 * @param dueAt    when the sweep asks again, while it is open
 */
public record OperationRow(UUID id, UUID paymentId, UUID orderId, OperationKind kind, int attempt, OperationStatus status,
                           Money amount, String idempotencyKey, int attempts, boolean sent, String failureReason,
                           Instant dueAt, String actor, String note, Instant createdAt, Instant updatedAt) {

    static OperationRow of(Operation o) {
        return new OperationRow(o.id, o.paymentId, o.orderId, o.kind, o.attempt, o.status, new Money(o.amount, o.currency),
                o.idempotencyKey, o.attempts, o.sent, o.failureReason, o.status.open() ? o.dueAt : null, o.actor,
                o.note, o.createdAt, o.updatedAt);
    }
}
