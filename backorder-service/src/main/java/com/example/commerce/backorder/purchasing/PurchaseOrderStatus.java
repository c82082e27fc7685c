package com.example.commerce.backorder.purchasing;

/**
 * A purchase order's life:
 *
 * <pre>
 * BATCHING  --window closes-->  PLACING  --supplier confirms a line-->  PLACED  --shipment received-->  RECEIVED
 *    |                             |------supplier refuses every line-->  REJECTED
 *    '----operator cancels---------'------operator cancels (before it ships)----------------------->  CANCELLED
 * </pre>
 */
public enum PurchaseOrderStatus {
    BATCHING, PLACING, PLACED, REJECTED, RECEIVED, CANCELLED;

    /** Whether an operator may still cancel it. */
    boolean cancellable() {
        return this == BATCHING || this == PLACING || this == PLACED;
    }
}
