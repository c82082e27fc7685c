package com.example.commerce.order.order;

/** The customer asked to cancel an order that is past the point of no return (SHIPPED, DELIVERED, REJECTED). */
public class OrderNotCancellableException extends RuntimeException {

    private final OrderStatus status;

    public OrderNotCancellableException(java.util.UUID orderId, OrderStatus status) {
        super("Order " + orderId + " is " + status + " and can no longer be cancelled.");
        this.status = status;
    }

    public OrderStatus status() {
        return status;
    }
}
