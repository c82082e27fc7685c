package com.example.commerce.cart.cart;

/** The cart has no line of the SKU. */
public class LineNotFoundException extends RuntimeException {

    private final String sku;

    LineNotFoundException(String sku) {
        super("The cart has no line of SKU " + sku + ".");
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }
}
