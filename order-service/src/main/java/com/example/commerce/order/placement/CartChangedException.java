package com.example.commerce.order.placement;

/**
 * The cart changed between reading it and claiming it for the order (409 {@code cart-changed}): the customer
 * looks at it again and places the order again. Nothing is stored.
 */
public class CartChangedException extends RuntimeException {

    CartChangedException(String reason) {
        super("The cart changed while the order was being placed (" + reason + "); look at it again and place the"
                + " order again.");
    }
}
