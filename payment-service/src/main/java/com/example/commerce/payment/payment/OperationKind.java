package com.example.commerce.payment.payment;

/** What is asked of the provider; each at most once per payment. */
public enum OperationKind {
    AUTHORIZATION("authorize"), CAPTURE("capture"), VOID("void"), REFUND("refund");

    private final String step;

    OperationKind(String step) {
        this.step = step;
    }

    /** The idempotency key of this step of an order: {@code <orderId>:authorize} and so on. */
    public String idempotencyKey(java.util.UUID orderId) {
        return orderId + ":" + step;
    }
}
