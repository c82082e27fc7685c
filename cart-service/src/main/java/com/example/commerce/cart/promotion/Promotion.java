package com.example.commerce.cart.promotion;

import com.example.commerce.events.shared.Money;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A promotion code: a percentage or a fixed amount off, with a minimum order value, a validity window, an
 * optional SKU or category restriction and an optional total redemption limit. {@code redemptions} is kept
 * by {@link Promotions#claim} and {@link Promotions#giveBack}, never through this entity.
 */
@Entity
@Table(name = "promotion")
public class Promotion {

    public enum Kind { PERCENTAGE, FIXED_AMOUNT }

    @Id
    private UUID id;

    @Column(nullable = false, length = 40, unique = true)
    private String code;

    @Column(length = 500)
    private String description;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Kind kind;

    @Column(name = "percent_off")
    private Integer percentOff;

    @Column(name = "amount_off")
    private Long amountOff;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    private String currency;

    @Column(name = "minimum_order_amount")
    private Long minimumOrderAmount;

    @Column(name = "valid_from", nullable = false)
    private Instant validFrom;

    @Column(name = "valid_until")
    private Instant validUntil;

    @Column(length = 64)
    private String sku;

    @Column(length = 200)
    private String category;

    @Column(name = "redemption_limit")
    private Integer redemptionLimit;

    @Column(nullable = false, insertable = false, updatable = false)
    private int redemptions;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    protected Promotion() {
    }

    Promotion(UUID id, PromotionTerms terms, Instant now) {
        this.id = id;
        this.createdAt = now;
        apply(terms, now);
    }

    /** Takes new terms; the code stays (a promotion is known by it) and so do the redemptions. */
    void apply(PromotionTerms terms, Instant now) {
        this.code = terms.code();
        this.description = terms.description();
        this.kind = terms.kind();
        this.percentOff = terms.percentOff();
        this.amountOff = terms.amountOff() == null ? null : terms.amountOff().amountMinor();
        this.minimumOrderAmount = terms.minimumOrderValue() == null ? null : terms.minimumOrderValue().amountMinor();
        this.currency = terms.currency();
        this.validFrom = terms.validFrom();
        this.validUntil = terms.validUntil();
        this.sku = terms.sku();
        this.category = terms.category();
        this.redemptionLimit = terms.redemptionLimit();
        this.updatedAt = now;
    }

    public PromotionTerms terms() {
        return new PromotionTerms(code, description, kind, percentOff,
                amountOff == null ? null : new Money(amountOff, currency),
                minimumOrderAmount == null ? null : new Money(minimumOrderAmount, currency),
                validFrom, validUntil, sku, category, redemptionLimit);
    }

    public UUID id() {
        return id;
    }

    public String code() {
        return code;
    }

    public int redemptions() {
        return redemptions;
    }

    public Instant createdAt() {
        return createdAt;
    }

    public Instant updatedAt() {
        return updatedAt;
    }

    public long version() {
        return version;
    }
}
