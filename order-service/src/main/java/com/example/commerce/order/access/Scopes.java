package com.example.commerce.order.access;

/** The scopes order-service asks for. */
public final class Scopes {

    /** Read any order, its timeline and events; filter the list of all orders (operators). */
    public static final String ORDERS_READ = "orders:read";

    /** Place orders for a customer, cancel any order (integrators, operators). */
    public static final String ORDERS_WRITE = "orders:write";

    private Scopes() {
    }
}
