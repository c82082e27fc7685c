package com.example.commerce.cart.cart;

/** The catalogue never listed the SKU (as far as this service's read model knows). */
public class UnknownProductException extends RuntimeException {

    private final String sku;

    UnknownProductException(String sku) {
        super("No product with SKU " + sku + " is known.");
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }
}
