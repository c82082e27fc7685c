package com.example.commerce.payment.payment;

/**
 * What one attempt at an operation left, as its work row records it.
 *
 * @param result what the {@link PaymentOperationHandler} answers the workers
 * @param detail the outcome (or the reason to ask again), for the work row and the logs
 */
record OperationAttempt(Result result, String detail) {

    enum Result {
        /** The operation is closed (answered, dropped, or closed before): nothing more to ask. */
        RESOLVED,
        /** Still unresolved: ask again later with the same key. */
        OPEN,
        /** Unresolved at its bound: given up (the payment says what follows, e.g. a settlement failure). */
        GIVEN_UP,
        /** The attempt's lease passed to another worker meanwhile: nothing was recorded. */
        LEASE_LOST
    }

    static OperationAttempt resolved(String detail) {
        return new OperationAttempt(Result.RESOLVED, detail);
    }

    static OperationAttempt open(String detail) {
        return new OperationAttempt(Result.OPEN, detail);
    }

    static OperationAttempt givenUp(String detail) {
        return new OperationAttempt(Result.GIVEN_UP, detail);
    }

    static OperationAttempt leaseLost() {
        return new OperationAttempt(Result.LEASE_LOST, "the lease passed to another worker; nothing recorded");
    }
}
