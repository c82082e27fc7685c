package com.example.commerce.inventory.access;

/** The scopes inventory-service asks for. */
public final class Scopes {

    /** See on-hand, reserved and available counts. */
    public static final String INVENTORY_READ = "inventory:read";

    /** Set or adjust on-hand stock (and see the counts). */
    public static final String INVENTORY_WRITE = "inventory:write";

    private Scopes() {
    }
}
