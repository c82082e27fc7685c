package com.example.commerce.order.idempotency;

/** The Idempotency-Key was used before with another request body. */
public class IdempotencyKeyReusedException extends RuntimeException {

    public IdempotencyKeyReusedException(String key) {
        super("Idempotency-Key " + key + " was used with another request body; use a new key for a new order.");
    }
}
