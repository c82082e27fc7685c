package com.example.commerce.payment.access;

/** The scopes payment-service asks for. */
public final class Scopes {

    /** Read any customer's payment methods and every payment (operators, support, other services). */
    public static final String PAYMENTS_READ = "payments:read";

    private Scopes() {
    }
}
