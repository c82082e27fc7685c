package com.example.commerce.inventory.stock;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;

/**
 * The stock of one SKU: {@code onHand} units in the warehouse, {@code reserved} of them held by orders,
 * {@code available = onHand - reserved} free to sell, and {@code shipped} units that have left. Available
 * is never negative: a change that would make it so is refused ({@link InsufficientStockException}).
 */
@Entity
@Table(name = "stock_item")
public class StockItem {

    /** The most units of one SKU kept on hand, well inside the column's integer range. */
    static final int MAX_ON_HAND = 1_000_000_000;

    @Id
    @Column(length = 64)
    private String sku;

    @Column(name = "on_hand", nullable = false)
    private int onHand;

    @Column(nullable = false)
    private int reserved;

    @Column(nullable = false)
    private int shipped;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected StockItem() {
    }

    /**
     * Sets on-hand stock to {@code quantity} (a stock take).
     *
     * @return the change of on-hand stock
     * @throws InsufficientStockException if fewer than the reserved units would be left
     */
    int setOnHand(int quantity, Instant now) {
        return change(quantity, now);
    }

    /**
     * Changes on-hand stock by {@code delta}.
     *
     * @return the change of on-hand stock
     * @throws InsufficientStockException if fewer than the reserved units would be left
     */
    int adjust(int delta, Instant now) {
        return change((long) onHand + delta, now);
    }

    private int change(long newOnHand, Instant now) {
        if (newOnHand - reserved < 0) {
            throw new InsufficientStockException(sku, onHand, reserved, newOnHand);
        }
        if (newOnHand > MAX_ON_HAND) {
            throw new StockLimitExceededException(sku, newOnHand, MAX_ON_HAND);
        }
        int delta = (int) (newOnHand - onHand);
        this.onHand = (int) newOnHand;
        this.updatedAt = now;
        return delta;
    }

    public String sku() {
        return sku;
    }

    public int onHand() {
        return onHand;
    }

    public int reserved() {
        return reserved;
    }

    /** On hand and not reserved: what can still be sold. */
    public int available() {
        return onHand - reserved;
    }

    public int shipped() {
        return shipped;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }
}
