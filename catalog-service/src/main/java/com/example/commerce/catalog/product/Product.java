package com.example.commerce.catalog.product;

import com.example.commerce.events.shared.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;
import java.util.Objects;
import java.util.UUID;

/** A product of the catalogue: its SKU, name and current price. The aggregate decides what happened. */
@Entity
@Table(name = "product")
public class Product {

    /** Whether a product can still be sold. */
    public enum Status { ACTIVE, DISCONTINUED }

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 64)
    private String sku;

    @Column(nullable = false, length = 200)
    private String name;

    private String description;

    @Column(name = "category_id")
    private UUID categoryId;

    @Column(name = "price_amount", nullable = false)
    private long priceAmount;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, length = 3)
    private String currency;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Status status;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Product() {
    }

    Product(UUID id, String sku, String name, String description, Money price, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.sku = Objects.requireNonNull(sku);
        this.name = Objects.requireNonNull(name);
        this.description = description;
        this.priceAmount = price.amountMinor();
        this.currency = price.currency();
        this.status = Status.ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Sets a new price.
     *
     * @return whether the price changed (the same price again is no change, and no event)
     */
    boolean changePrice(Money newPrice, Instant now) {
        if (price().equals(newPrice)) {
            return false;
        }
        this.priceAmount = newPrice.amountMinor();
        this.currency = newPrice.currency();
        this.updatedAt = now;
        return true;
    }

    public UUID id() {
        return id;
    }

    public String sku() {
        return sku;
    }

    public String name() {
        return name;
    }

    public String description() {
        return description;
    }

    public Money price() {
        return new Money(priceAmount, currency);
    }

    public Status status() {
        return status;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
