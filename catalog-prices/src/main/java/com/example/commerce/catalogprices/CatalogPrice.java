package com.example.commerce.catalogprices;

import com.example.commerce.events.shared.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * What the catalogue last said about a SKU: its name, its category, its price and whether it is still sold.
 * Name and price only move forward in catalogue time: a listing, rename or price change older than the one
 * shown is ignored. The category travels with the name (ProductCreated and ProductUpdated carry both).
 */
@Entity
@Table(name = "catalog_price")
public class CatalogPrice {

    @Id
    @Column(length = 64)
    private String sku;

    @Column(name = "product_id", nullable = false)
    private UUID productId;

    @Column(nullable = false, length = 200)
    private String name;

    @Column(name = "price_amount", nullable = false)
    private long priceAmount;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(nullable = false, length = 3)
    private String currency;

    @Column(nullable = false)
    private boolean discontinued;

    @Column(name = "category_path", length = 500)
    private String categoryPath;

    @Column(name = "price_changed_at", nullable = false)
    private Instant priceChangedAt;

    @Column(name = "name_changed_at")
    private Instant nameChangedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    protected CatalogPrice() {
    }

    /**
     * @param nameChangedAt when the catalogue gave the product this name; null for a placeholder name that
     *                      any listing or rename replaces
     */
    CatalogPrice(String sku, UUID productId, String name, String categoryPath, Instant nameChangedAt, Money price,
                 Instant priceChangedAt, Instant now) {
        this.sku = Objects.requireNonNull(sku);
        this.productId = Objects.requireNonNull(productId);
        this.name = Objects.requireNonNull(name);
        this.categoryPath = categoryPath;
        this.nameChangedAt = nameChangedAt;
        this.priceAmount = price.amountMinor();
        this.currency = price.currency();
        this.priceChangedAt = Objects.requireNonNull(priceChangedAt);
        this.updatedAt = now;
    }

    /** The product was (re)announced: take its name and category and its price, each unless a newer one is shown. */
    void relist(UUID productId, String name, String categoryPath, Money price, Instant occurredAt, Instant now) {
        this.productId = Objects.requireNonNull(productId);
        rename(name, categoryPath, occurredAt, now);
        reprice(price, occurredAt, now);
        this.updatedAt = now;
    }

    /**
     * Shows {@code name} and {@code categoryPath} unless the name shown was given later than {@code changedAt}.
     *
     * @return whether the name was taken (false for a rename that arrived out of order)
     */
    boolean rename(String name, String categoryPath, Instant changedAt, Instant now) {
        if (nameChangedAt != null && changedAt.isBefore(nameChangedAt)) {
            return false;
        }
        this.name = Objects.requireNonNull(name);
        this.categoryPath = categoryPath;
        this.nameChangedAt = changedAt;
        this.updatedAt = now;
        return true;
    }

    /**
     * Shows {@code price} unless the price shown changed later than {@code changedAt}.
     *
     * @return whether the price was taken (false for a change that arrived out of order)
     */
    boolean reprice(Money price, Instant changedAt, Instant now) {
        if (changedAt.isBefore(priceChangedAt)) {
            return false;
        }
        this.priceAmount = price.amountMinor();
        this.currency = price.currency();
        this.priceChangedAt = changedAt;
        this.updatedAt = now;
        return true;
    }

    void discontinue(Instant now) {
        this.discontinued = true;
        this.updatedAt = now;
    }

    public String sku() {
        return sku;
    }

    public UUID productId() {
        return productId;
    }

    public String name() {
        return name;
    }

    public Money price() {
        return new Money(priceAmount, currency);
    }

    public boolean discontinued() {
        return discontinued;
    }

    /** The category's slugs from the root down, joined by '/'; null for none (or none sent yet). */
    public String categoryPath() {
        return categoryPath;
    }

    public Instant nameChangedAt() {
        return nameChangedAt;
    }

    public Instant priceChangedAt() {
        return priceChangedAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
