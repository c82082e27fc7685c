package com.example.commerce.cart.access;

/** The scopes cart-service asks for. */
public final class Scopes {

    /** Read any customer's cart (operators, support). */
    public static final String CARTS_READ = "carts:read";

    /** Create, change, list and delete promotions. */
    public static final String PROMOTIONS_WRITE = "promotions:write";

    private Scopes() {
    }
}
