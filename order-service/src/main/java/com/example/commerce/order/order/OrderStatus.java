package com.example.commerce.order.order;

/**
 * Where an order is in its saga. DELIVERED, CANCELLED and REJECTED are terminal. BACKORDERED is reserved for
 * the backorder issue: nothing moves an order there yet.
 */
public enum OrderStatus {
    PENDING, BACKORDERED, CONFIRMED, SHIPPED, DELIVERED, CANCELLED, REJECTED;

    public boolean terminal() {
        return this == DELIVERED || this == CANCELLED || this == REJECTED;
    }
}
