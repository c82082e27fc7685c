package com.example.commerce.order.order;

/**
 * Where an order is in its saga. DELIVERED, CANCELLED and REJECTED are terminal; every other state has a deadline
 * ({@link Deadlines}). CANCELLING: a CONFIRMED order asked to end, waiting for shipping's answer (not terminal:
 * it may still end SHIPPED or DELIVERED). BACKORDERED: short of stock with a backorder allowed, waiting for the
 * supplier (backorder-service); back to PENDING on BackorderFulfilled.
 */
public enum OrderStatus {
    PENDING, BACKORDERED, CONFIRMED, CANCELLING, SHIPPED, DELIVERED, CANCELLED, REJECTED;

    public boolean terminal() {
        return this == DELIVERED || this == CANCELLED || this == REJECTED;
    }
}
