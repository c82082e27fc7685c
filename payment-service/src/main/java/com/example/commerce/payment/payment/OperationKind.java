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
        return idempotencyKey(orderId, 1);
    }

    /**
     * The idempotency key of attempt {@code attempt} of this step: the first is {@code <orderId>:<step>}, an
     * operator's retry of a failed one {@code <orderId>:<step>:<attempt>}, so the retry asks a new question while
     * each attempt, asked again, asks the same one.
     */
    public String idempotencyKey(java.util.UUID orderId, int attempt) {
        return attempt == 1 ? orderId + ":" + step : orderId + ":" + step + ":" + attempt;
    }
}
