package com.example.commerce.order.idempotency;

/** The first request with this Idempotency-Key is still running after the repeat's wait. */
public class IdempotencyKeyBusyException extends RuntimeException {

    public IdempotencyKeyBusyException(String key) {
        this(key, "A request with Idempotency-Key " + key + " is still being processed; retry shortly.");
    }

    protected IdempotencyKeyBusyException(String key, String message) {
        super(message);
    }
}
