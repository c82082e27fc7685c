package com.example.commerce.cart.cart;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.FetchType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A checkout's claim on one version of a cart, for one order: the lines (and the promotion code) it took out
 * of the cart, and the priced cart it answered, from which the order is built.
 *
 * <pre>
 * CLAIMED --OrderPlaced of its order--------------> PLACED   (final: the lines are the order's)
 * CLAIMED --order-service gives it back-----------> RELEASED (lines and code back to the cart)
 * CLAIMED --past expires_at without OrderPlaced---> EXPIRED  (lines and code back to the cart)
 * </pre>
 *
 * Each transition applies once; asked again (a second release, an expiry after the OrderPlaced) it says so
 * and changes nothing.
 */
@Entity
@Table(name = "cart_checkout_claim")
public class CheckoutClaim {

    public enum Status { CLAIMED, PLACED, RELEASED, EXPIRED }

    @Id
    @Column(name = "order_id")
    private UUID orderId;

    @Column(name = "cart_id", nullable = false)
    private UUID cartId;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Column(name = "cart_version", nullable = false)
    private long cartVersion;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    private String currency;

    @Column(name = "promo_code", length = 40)
    private String promoCode;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Status status;

    @Column(nullable = false)
    private String snapshot;

    @Column(name = "claimed_at", nullable = false)
    private Instant claimedAt;

    @Column(name = "expires_at", nullable = false)
    private Instant expiresAt;

    @Column(name = "settled_at")
    private Instant settledAt;

    @Column(name = "restored_to_cart_id")
    private UUID restoredToCartId;

    @Version
    private long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "cart_checkout_claim_line", joinColumns = @JoinColumn(name = "order_id"))
    private List<CartLine> lines = new ArrayList<>();

    protected CheckoutClaim() {
    }

    CheckoutClaim(UUID orderId, Cart cart, long cartVersion, List<CartLine> lines, String promoCode,
                  String snapshot, Instant now, Instant expiresAt) {
        this.orderId = orderId;
        this.cartId = cart.id();
        this.customerId = cart.customerId();
        this.cartVersion = cartVersion;
        this.currency = cart.currency();
        this.promoCode = promoCode;
        this.lines = new ArrayList<>(lines);
        this.snapshot = snapshot;
        this.status = Status.CLAIMED;
        this.claimedAt = now;
        this.expiresAt = expiresAt;
    }

    /** The order was placed: the claim is final. @return false if it was not CLAIMED (nothing changes) */
    boolean place(Instant now) {
        if (status != Status.CLAIMED) {
            return false;
        }
        status = Status.PLACED;
        settledAt = now;
        return true;
    }

    /**
     * Its lines went back to cart {@code restoredTo}: RELEASED or EXPIRED.
     *
     * @return false if it was not CLAIMED (nothing changes)
     */
    boolean givenBack(Status how, UUID restoredTo, Instant now) {
        if (how != Status.RELEASED && how != Status.EXPIRED) {
            throw new IllegalArgumentException("a claim is given back as RELEASED or EXPIRED, not " + how);
        }
        if (status != Status.CLAIMED) {
            return false;
        }
        status = how;
        restoredToCartId = restoredTo;
        settledAt = now;
        return true;
    }

    boolean isDue(Instant now) {
        return status == Status.CLAIMED && !expiresAt.isAfter(now);
    }

    public UUID orderId() {
        return orderId;
    }

    public UUID cartId() {
        return cartId;
    }

    public UUID customerId() {
        return customerId;
    }

    public long cartVersion() {
        return cartVersion;
    }

    public String currency() {
        return currency;
    }

    public String promoCode() {
        return promoCode;
    }

    public Status status() {
        return status;
    }

    public String snapshot() {
        return snapshot;
    }

    public Instant claimedAt() {
        return claimedAt;
    }

    public Instant expiresAt() {
        return expiresAt;
    }

    public UUID restoredToCartId() {
        return restoredToCartId;
    }

    public List<CartLine> lines() {
        return List.copyOf(lines);
    }
}
