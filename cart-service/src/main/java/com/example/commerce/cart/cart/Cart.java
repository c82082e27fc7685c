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
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A customer's open cart: lines of SKUs with quantities, at most one promotion code, the currency of its
 * first line. It enforces its own limits; prices, availability and discounts come from the read models when
 * it is shown ({@link CartPricing}).
 */
@Entity
@Table(name = "cart")
public class Cart {

    @Id
    private UUID id;

    @Column(name = "customer_id", nullable = false)
    private UUID customerId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private CartStatus status;

    @JdbcTypeCode(SqlTypes.CHAR)
    @Column(length = 3)
    private String currency;

    @Column(name = "promo_code", length = 40)
    private String promoCode;

    @Column(name = "created_at", nullable = false)
    private Instant createdAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    @Version
    private long version;

    @ElementCollection(fetch = FetchType.EAGER)
    @CollectionTable(name = "cart_line", joinColumns = @JoinColumn(name = "cart_id"))
    private List<CartLine> lines = new ArrayList<>();

    protected Cart() {
    }

    /**
     * Adds {@code quantity} of {@code sku} (to its line, if it has one).
     *
     * @throws CartRuleException if the line would exceed the per-line limit, the cart its line limit, or the
     *                           price is in another currency than the cart's
     */
    void add(String sku, int quantity, long priceAmount, String priceCurrency, String availability,
             CartProperties limits, Instant now) {
        if (currency != null && !lines.isEmpty() && !currency.equals(priceCurrency)) {
            throw new CartRuleException("currency-mismatch", "Currency mismatch", "SKU " + sku + " is priced in "
                    + priceCurrency + "; this cart is in " + currency + ".", Map.of("sku", sku));
        }
        Optional<CartLine> existing = line(sku);
        int newQuantity = existing.map(line -> line.quantity() + quantity).orElse(quantity);
        requireWithinLineLimit(sku, newQuantity, limits);
        if (existing.isPresent()) {
            existing.get().quantity(newQuantity);
        } else {
            if (lines.size() >= limits.maxLines()) {
                throw new CartRuleException("cart-line-limit-exceeded", "Too many lines", "A cart holds at most "
                        + limits.maxLines() + " different SKUs.", Map.of("maxLines", limits.maxLines()));
            }
            currency = priceCurrency;
            lines.add(new CartLine(sku, quantity, priceAmount, availability, now));
        }
        touch(now);
    }

    /** @return false if the cart has no line of {@code sku} */
    boolean changeQuantity(String sku, int quantity, CartProperties limits, Instant now) {
        Optional<CartLine> existing = line(sku);
        if (existing.isEmpty()) {
            return false;
        }
        requireWithinLineLimit(sku, quantity, limits);
        existing.get().quantity(quantity);
        touch(now);
        return true;
    }

    /** @return false if the cart has no line of {@code sku} */
    boolean remove(String sku, Instant now) {
        boolean removed = lines.removeIf(line -> line.sku().equals(sku));
        if (removed) {
            touch(now);
        }
        return removed;
    }

    void applyPromoCode(String code, Instant now) {
        this.promoCode = code;
        touch(now);
    }

    /** @return the code the cart held, if any */
    Optional<String> removePromoCode(Instant now) {
        Optional<String> held = Optional.ofNullable(promoCode);
        this.promoCode = null;
        touch(now);
        return held;
    }

    /** The customer has seen every line as it is now: {@code seen} maps each SKU to (price, availability). */
    void acknowledge(Map<String, Seen> seen, Instant now) {
        for (CartLine line : lines) {
            Seen now1 = seen.get(line.sku());
            if (now1 != null) {
                line.seen(now1.priceAmount(), now1.availability());
            }
        }
        touch(now);
    }

    record Seen(long priceAmount, String availability) {
    }

    /**
     * The units of an order placed from this cart leave it: each ordered quantity is taken from the line of its
     * SKU (a line left with none goes; units added since the order was placed stay). A promotion code the order
     * used is no longer the cart's to give back: the order redeemed it. The cart is CHECKED_OUT when nothing is
     * left in it, and stays OPEN with what is left otherwise.
     *
     * @return whether the cart held {@code orderPromoCode} (its redemption is now final)
     */
    boolean checkOut(Map<String, Integer> ordered, String orderPromoCode, Instant now) {
        ordered.forEach((sku, quantity) -> line(sku).ifPresent(line -> {
            if (line.quantity() <= quantity) {
                lines.remove(line);
            } else {
                line.quantity(line.quantity() - quantity);
            }
        }));
        boolean redeemed = orderPromoCode != null && orderPromoCode.equals(promoCode);
        if (redeemed) {
            promoCode = null;
        }
        if (lines.isEmpty()) {
            status = CartStatus.CHECKED_OUT;
        }
        touch(now);
        return redeemed;
    }

    /**
     * A checkout claims the cart as it is: every line leaves it at once (so another tab sees it empty, and a
     * line added later is a checkout of its own), and so does the promotion code when {@code withPromoCode}
     * (the claim holds its redemption now). The cart stays OPEN until the order is placed.
     *
     * @return copies of the lines taken
     */
    List<CartLine> takeForCheckout(boolean withPromoCode, Instant now) {
        List<CartLine> taken = lines.stream().map(CartLine::copy).toList();
        lines.clear();
        if (withPromoCode) {
            promoCode = null;
        }
        touch(now);
        return taken;
    }

    /**
     * The order of a claim was placed: the claimed lines left the cart already; the cart is CHECKED_OUT when
     * nothing is left in it (lines added since the claim keep it OPEN).
     */
    void checkedOutByClaim(Instant now) {
        if (status == CartStatus.OPEN && lines.isEmpty()) {
            status = CartStatus.CHECKED_OUT;
        }
        touch(now);
    }

    /**
     * The lines of a claim whose order was never placed come back, merged with what the customer added since
     * (quantities added to the line of the same SKU, limits not applied: it is what the cart held), and the
     * claim's promotion code when the cart holds none now.
     *
     * @return whether the cart took the code back (else its redemption is the caller's to give back)
     */
    boolean restore(List<CartLine> given, String givenCurrency, String givenPromoCode, Instant now) {
        if (lines.isEmpty() && givenCurrency != null) {
            currency = givenCurrency;
        }
        for (CartLine back : given) {
            Optional<CartLine> existing = line(back.sku());
            if (existing.isPresent()) {
                existing.get().quantity(existing.get().quantity() + back.quantity());
            } else {
                lines.add(back.copy());
            }
        }
        boolean codeBack = givenPromoCode != null && promoCode == null;
        if (codeBack) {
            promoCode = givenPromoCode;
        }
        touch(now);
        return codeBack;
    }

    void abandon(Instant now) {
        this.status = CartStatus.ABANDONED;
        this.updatedAt = now;
    }

    private static void requireWithinLineLimit(String sku, int quantity, CartProperties limits) {
        if (quantity > limits.maxQuantityPerLine()) {
            throw new CartRuleException("line-quantity-limit-exceeded", "Too many units", "A line holds at most "
                    + limits.maxQuantityPerLine() + " units; " + sku + " would have " + quantity + ".",
                    Map.of("sku", sku, "maxQuantityPerLine", limits.maxQuantityPerLine()));
        }
    }

    private Optional<CartLine> line(String sku) {
        return lines.stream().filter(line -> line.sku().equals(sku)).findFirst();
    }

    private void touch(Instant now) {
        this.updatedAt = now;
    }

    public UUID id() {
        return id;
    }

    public UUID customerId() {
        return customerId;
    }

    public CartStatus status() {
        return status;
    }

    public String currency() {
        return currency;
    }

    public String promoCode() {
        return promoCode;
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

    /** The lines in the order they were added. */
    public List<CartLine> lines() {
        return lines.stream().sorted(Comparator.comparing(CartLine::addedAt).thenComparing(CartLine::sku)).toList();
    }
}
