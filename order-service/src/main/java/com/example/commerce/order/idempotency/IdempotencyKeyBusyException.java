package com.example.commerce.order.idempotency;

/** The first request with this Idempotency-Key is still running after the repeat's wait. */
public class IdempotencyKeyBusyException extends RuntimeException {

    public IdempotencyKeyBusyException(String key) {
        super("A request with Idempotency-Key " + key + " is still being processed; retry shortly.");
    }
}
