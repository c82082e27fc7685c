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
import java.util.Objects;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A product of the catalogue: SKU, descriptive data, category, price and whether it is still sold. The
 * aggregate decides what happened (a change that changes nothing is no event); its {@code version} counts
 * every change and is the product's ETag.
 */
@Entity
@Table(name = "product")
public class Product {

    /** Whether a product can still be sold. */
    public enum Status { ACTIVE, DISCONTINUED }

    /**
     * What an operator may edit besides the price.
     *
     * @param attributes JSON object text, e.g. {@code {"colour":"blue"}}
     * @param imageUrls  JSON array text of URLs
     */
    record Details(String name, String description, String brand, UUID categoryId, String attributes,
                   String imageUrls) {
    }

    @Id
    private UUID id;

    @Column(nullable = false, unique = true, length = 64)
    private String sku;

    @Column(nullable = false, length = 200)
    private String name;

    private String description;

    @Column(length = 100)
    private String brand;

    @Column(name = "category_id")
    private UUID categoryId;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(nullable = false)
    private String attributes;

    @JdbcTypeCode(SqlTypes.JSON)
    @Column(name = "image_urls", nullable = false)
    private String imageUrls;

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

    Product(UUID id, String sku, Details details, Money price, Instant now) {
        this.id = Objects.requireNonNull(id);
        this.sku = Objects.requireNonNull(sku);
        apply(details);
        this.priceAmount = price.amountMinor();
        this.currency = price.currency();
        this.status = Status.ACTIVE;
        this.createdAt = now;
        this.updatedAt = now;
    }

    /**
     * Replaces the descriptive data.
     *
     * @param same whether the new details equal the current ones (JSON compared by value, not by text)
     * @return whether anything changed (the same details again are no change, and no event)
     */
    boolean update(Details details, boolean same, Instant now) {
        if (same) {
            return false;
        }
        apply(details);
        this.updatedAt = now;
        return true;
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

    /** @return whether it was still sold (discontinuing twice is one change, and one event) */
    boolean discontinue(Instant now) {
        if (status == Status.DISCONTINUED) {
            return false;
        }
        this.status = Status.DISCONTINUED;
        this.updatedAt = now;
        return true;
    }

    private void apply(Details details) {
        this.name = Objects.requireNonNull(details.name());
        this.description = details.description();
        this.brand = details.brand();
        this.categoryId = details.categoryId();
        this.attributes = Objects.requireNonNull(details.attributes());
        this.imageUrls = Objects.requireNonNull(details.imageUrls());
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

    public String brand() {
        return brand;
    }

    public UUID categoryId() {
        return categoryId;
    }

    Details details() {
        return new Details(name, description, brand, categoryId, attributes, imageUrls);
    }

    public Money price() {
        return new Money(priceAmount, currency);
    }

    public Status status() {
        return status;
    }

    public long version() {
        return version;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
