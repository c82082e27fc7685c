package com.example.commerce.inventory.stock;

/** A change of on-hand stock beyond the most units one SKU may keep. */
public class StockLimitExceededException extends RuntimeException {

    StockLimitExceededException(String sku, long requestedOnHand, int limit) {
        super("On-hand stock of " + sku + " cannot become " + requestedOnHand + ": at most " + limit
                + " units are kept of one SKU.");
    }
}
