package com.example.commerce.payment.payment;

/** Where a payment stands. */
public enum PaymentStatus {
    /** The authorisation is recorded and asked of the provider, its answer not yet recorded. */
    AUTHORIZING,
    AUTHORIZED,
    DECLINED,
    CAPTURED,
    VOIDED,
    REFUNDED,
    /** The order was cancelled before anything was authorised: nothing ever will be. */
    CANCELLED,
    /**
     * The capture was refused for good (or stayed unresolved past its bound): the order shipped, the money was
     * not taken. Waits for an operator to retry or settle it ({@code /api/v1/ops/payments/...}).
     */
    CAPTURE_FAILED,
    /** The refund was refused for good (or stayed unresolved past its bound): still charged. Waits for an operator. */
    REFUND_FAILED;

    /** Whether the payment waits for an operator to retry or settle a capture or a refund. */
    public boolean awaitsSettlement() {
        return this == CAPTURE_FAILED || this == REFUND_FAILED;
    }
}
