package com.example.commerce.order.order;

import java.util.UUID;

/** No such order, or not the caller's: the same 404 either way. */
public class OrderNotFoundException extends RuntimeException {

    public OrderNotFoundException(UUID id) {
        super("No order " + id + ".");
    }
}
