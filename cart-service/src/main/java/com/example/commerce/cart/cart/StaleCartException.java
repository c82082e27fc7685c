package com.example.commerce.cart.cart;

/** The If-Match tag is not the cart's current tag: the cart changed since the client read it. */
public class StaleCartException extends RuntimeException {

    private final String currentEtag;

    StaleCartException(String currentEtag) {
        super("The cart has changed since it was read; read it again and retry.");
        this.currentEtag = currentEtag;
    }

    public String currentEtag() {
        return currentEtag;
    }
}
