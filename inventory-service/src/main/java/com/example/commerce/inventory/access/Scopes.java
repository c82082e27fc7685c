package com.example.commerce.inventory.access;

/** The scopes inventory-service asks for. */
public final class Scopes {

    /** See on-hand, reserved and available counts, and orders' reservations. */
    public static final String INVENTORY_READ = "inventory:read";

    /** Operators of orders: may read an order's reservation too. */
    public static final String ORDERS_READ = "orders:read";

    /** Set or adjust on-hand stock (and see the counts). */
    public static final String INVENTORY_WRITE = "inventory:write";

    private Scopes() {
    }
}
