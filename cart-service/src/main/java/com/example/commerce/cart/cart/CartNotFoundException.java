package com.example.commerce.cart.cart;

import java.util.UUID;

/** No cart of this customer for this caller: it is someone else's, and that is not revealed. */
public class CartNotFoundException extends RuntimeException {

    CartNotFoundException(UUID customerId) {
        super("No cart found for customer " + customerId + ".");
    }
}
