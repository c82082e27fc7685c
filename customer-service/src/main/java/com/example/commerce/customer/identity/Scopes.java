package com.example.commerce.customer.identity;

import java.util.List;

/** The fleet's scopes, one per capability ({@code <context>:<verb>}, DESIGN.md §6). */
public final class Scopes {

    public static final String CATALOG_WRITE = "catalog:write";
    public static final String INVENTORY_WRITE = "inventory:write";
    /** Reading reservations (which order holds which stock). */
    public static final String INVENTORY_READ = "inventory:read";
    public static final String PROMOTIONS_WRITE = "promotions:write";
    public static final String ORDERS_READ = "orders:read";
    public static final String ORDERS_WRITE = "orders:write";
    public static final String PAYMENTS_READ = "payments:read";
    public static final String SHIPMENTS_READ = "shipments:read";
    public static final String BACKORDERS_READ = "backorders:read";
    public static final String REPORTS_READ = "reports:read";
    public static final String OPS_DEAD_LETTERS = "ops:dead-letters";
    /** payment-service's payment desk: retrying or settling a failed capture or refund (with ops:dead-letters). */
    public static final String OPS_PAYMENTS = "ops:payments";
    /** Rotating customer-service's signing keys. */
    public static final String OPS_SIGNING_KEYS = "ops:signing-keys";
    /** Reading every service's health details (database, broker, disk) at /actuator/health. */
    public static final String OPS_HEALTH = "ops:health";

    public static final List<String> ALL = List.of(CATALOG_WRITE, INVENTORY_WRITE, INVENTORY_READ, PROMOTIONS_WRITE, ORDERS_READ,
            ORDERS_WRITE, PAYMENTS_READ, SHIPMENTS_READ, BACKORDERS_READ, REPORTS_READ, OPS_DEAD_LETTERS, OPS_PAYMENTS,
            OPS_SIGNING_KEYS, OPS_HEALTH);

    private Scopes() {
    }
}
