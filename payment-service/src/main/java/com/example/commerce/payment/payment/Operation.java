package com.example.commerce.payment.payment;

import java.time.Instant;
import java.util.UUID;

/**
 * One operation asked of the provider: a row of the payments ledger. Who asks it, when and how often is its
 * {@code work_item} ({@link PaymentOperationHandler#KIND}, keyed by the operation's id), not this row.
 */
class Operation {

    final UUID id;
    final UUID paymentId;
    final UUID orderId;
    final OperationKind kind;
    final long amount;
    final String currency;
    OperationStatus status;
    final String idempotencyKey;
    String providerReference;
    String failureReason;
    /** Whether it may have reached the provider (an attempt went out, or a crash during one may have sent it). */
    boolean sent;
    final Instant createdAt;
    Instant updatedAt;
    /** 1 for the saga's own operation, 2, 3 ... for an operator's retries (and a manual settlement) of it. */
    int attempt = 1;
    /** Who retried or settled it by hand (the token's subject), null for the saga's own. */
    String actor;
    /** The operator's note of a retry or a settlement. */
    String note;

    Operation(UUID id, UUID paymentId, UUID orderId, OperationKind kind, long amount, String currency,
              OperationStatus status, String idempotencyKey, String providerReference, String failureReason,
              boolean sent, Instant createdAt, Instant updatedAt) {
        this.id = id;
        this.paymentId = paymentId;
        this.orderId = orderId;
        this.kind = kind;
        this.amount = amount;
        this.currency = currency;
        this.status = status;
        this.idempotencyKey = idempotencyKey;
        this.providerReference = providerReference;
        this.failureReason = failureReason;
        this.sent = sent;
        this.createdAt = createdAt;
        this.updatedAt = updatedAt;
    }
}
