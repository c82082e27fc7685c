package com.example.commerce.cart.cart;

import jakarta.persistence.Column;
import jakarta.persistence.Embeddable;
import java.time.Instant;

/**
 * One SKU in a cart: how many, and what the customer last saw of it (the unit price in the cart's currency,
 * and the availability), so a change since shows on the line until the customer acknowledges it.
 */
@Embeddable
public class CartLine {

    @Column(nullable = false, length = 64)
    private String sku;

    @Column(nullable = false)
    private int quantity;

    @Column(name = "seen_price_amount", nullable = false)
    private long seenPriceAmount;

    @Column(name = "seen_availability", length = 20)
    private String seenAvailability;

    @Column(name = "added_at", nullable = false)
    private Instant addedAt;

    protected CartLine() {
    }

    CartLine(String sku, int quantity, long seenPriceAmount, String seenAvailability, Instant addedAt) {
        this.sku = sku;
        this.quantity = quantity;
        this.seenPriceAmount = seenPriceAmount;
        this.seenAvailability = seenAvailability;
        this.addedAt = addedAt;
    }

    /** The same line, detached (to move it between a cart and a checkout claim). */
    CartLine copy() {
        return new CartLine(sku, quantity, seenPriceAmount, seenAvailability, addedAt);
    }

    void quantity(int quantity) {
        this.quantity = quantity;
    }

    void seen(long priceAmount, String availability) {
        this.seenPriceAmount = priceAmount;
        this.seenAvailability = availability;
    }

    public String sku() {
        return sku;
    }

    public int quantity() {
        return quantity;
    }

    public long seenPriceAmount() {
        return seenPriceAmount;
    }

    public String seenAvailability() {
        return seenAvailability;
    }

    public Instant addedAt() {
        return addedAt;
    }
}
