package com.example.commerce.inventory.stock;

/** No stock is kept for the SKU: the catalogue never listed it. */
public class UnknownSkuException extends RuntimeException {

    private final String sku;

    UnknownSkuException(String sku) {
        super("No stock is kept for SKU " + sku + ".");
        this.sku = sku;
    }

    public String sku() {
        return sku;
    }
}
