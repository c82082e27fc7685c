package com.example.commerce.order.saga;

import java.util.UUID;

/**
 * An event of an order this service has no row of. It cannot happen for events caused by our OrderPlaced
 * (the row commits with it); it is thrown, not ignored, so the record is retried and then dead-lettered
 * where an operator sees it, rather than dropped.
 */
public class UnknownOrderException extends RuntimeException {

    public UnknownOrderException(UUID orderId, String type) {
        super("No order " + orderId + " for " + type);
    }
}
