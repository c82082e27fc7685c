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
    CANCELLED
}
