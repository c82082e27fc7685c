package com.example.commerce.order.placement;

/** Too many orders wait for the saga's first answer: the placement is refused (503, Retry-After); nothing is stored. */
public class SagaBusyException extends RuntimeException {

    SagaBusyException(long pending, int maxPending) {
        super(pending + " orders wait for the saga (at most " + maxPending + "): nothing was stored. Retry after the"
                + " Retry-After delay with the same Idempotency-Key.");
    }
}
