package com.example.commerce.inventory.stock;

/** What anyone may know of a SKU's stock: whether it can be bought, and whether little is left. */
public enum Availability {
    IN_STOCK, LOW, OUT_OF_STOCK;

    static Availability of(int available, int lowStockThreshold) {
        if (available <= 0) {
            return OUT_OF_STOCK;
        }
        return available <= lowStockThreshold ? LOW : IN_STOCK;
    }
}
