package com.example.commerce.inventory.stock;

/** A change of on-hand stock that would leave fewer units than orders have reserved (available below zero). */
public class InsufficientStockException extends RuntimeException {

    private final String sku;
    private final int onHand;
    private final int reserved;
    private final long requestedOnHand;

    InsufficientStockException(String sku, int onHand, int reserved, long requestedOnHand) {
        super("On-hand stock of " + sku + " cannot become " + requestedOnHand + ": " + reserved
                + " unit(s) are reserved and available stock would be " + (requestedOnHand - reserved) + ".");
        this.sku = sku;
        this.onHand = onHand;
        this.reserved = reserved;
        this.requestedOnHand = requestedOnHand;
    }

    public String sku() {
        return sku;
    }

    public int onHand() {
        return onHand;
    }

    public int reserved() {
        return reserved;
    }

    public long requestedOnHand() {
        return requestedOnHand;
    }
}
