package com.example.commerce.events.shared;

import java.util.Objects;

/**
 * One line of a cart or an order: a quantity of one SKU at a unit price.
 *
 * @param sku       the stock-keeping unit
 * @param quantity  how many, at least one
 * @param unitPrice the price of one unit
 */
public record OrderLine(String sku, int quantity, Money unitPrice) {

    public OrderLine {
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(unitPrice, "unitPrice");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }

    /** The unit price times the quantity. */
    public Money lineTotal() {
        return unitPrice.times(quantity);
    }
}
