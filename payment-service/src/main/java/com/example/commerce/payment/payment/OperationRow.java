package com.example.commerce.payment.payment;

import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.UUID;

/**
 * An operation as the operators' desk lists it ({@code GET /api/v1/ops/payments/operations}).
 *
 * @param attempts how often its work row was claimed for a call so far (refused by an open breaker included)
 * @param sent     whether it may have reached the provider
 * @param dueAt    while it is open, when a worker asks again (for one held by a worker: when its lease ends)
 */
public record OperationRow(UUID id, UUID paymentId, UUID orderId, OperationKind kind, int attempt, OperationStatus status,
                           Money amount, String idempotencyKey, int attempts, boolean sent, String failureReason,
                           Instant dueAt, String actor, String note, Instant createdAt, Instant updatedAt) {
}
