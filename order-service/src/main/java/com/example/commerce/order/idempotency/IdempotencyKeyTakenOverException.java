package com.example.commerce.order.idempotency;

/**
 * The request ran past its Idempotency-Key's lease and another request with the key took it over: its order is
 * not stored (the transaction that would have completed the key rolls back), and a retry with the key gets the
 * other request's answer. Answered like a busy key: 409, retry shortly.
 */
public class IdempotencyKeyTakenOverException extends IdempotencyKeyBusyException {

    public IdempotencyKeyTakenOverException(String key) {
        super(key, "The request with Idempotency-Key " + key + " ran past its lease and another request with the"
                + " key took it over; nothing of this one was stored. Retry with the same key for that request's answer.");
    }
}
