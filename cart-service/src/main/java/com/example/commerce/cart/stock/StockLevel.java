package com.example.commerce.cart.stock;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Immutable;

/** What inventory-service last said about a SKU's stock. Written only by {@link StockBook}'s upsert. */
@Entity
@Immutable
@Table(name = "stock_level")
public class StockLevel {

    @Id
    @Column(length = 64)
    private String sku;

    @Column(nullable = false)
    private int available;

    @Column(nullable = false, length = 20)
    private String availability;

    private Long version;

    @Column(name = "changed_at", nullable = false)
    private Instant changedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected StockLevel() {
    }

    public String sku() {
        return sku;
    }

    public int available() {
        return available;
    }

    /** IN_STOCK, LOW or OUT_OF_STOCK. */
    public String availability() {
        return availability;
    }

    public Long version() {
        return version;
    }

    public Instant changedAt() {
        return changedAt;
    }
}
