package com.example.commerce.payment.access;

/** The scopes payment-service asks for. */
public final class Scopes {

    /** Read any customer's payment methods and every payment (operators, support, other services). */
    public static final String PAYMENTS_READ = "payments:read";

    /**
     * The operators' payment desk: list unresolved operations, retry or settle a capture or refund that failed
     * for good ({@code /api/v1/ops/payments/...}). An operations capability like {@code ops:dead-letters}, apart
     * from {@code payments:read} so that reading payments never lets a client move money.
     */
    public static final String OPS_PAYMENTS = "ops:payments";

    private Scopes() {
    }
}
