package com.example.commerce.cart.cart;

import com.example.commerce.events.shared.Money;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * A cart as its customer sees it, priced by the server: every amount in minor units of the cart's currency.
 *
 * @param cartId  null while the customer has no open cart (an empty cart is shown)
 * @param promo   null without a promotion code
 * @param version the cart's version (every change of the cart moves it), which a checkout claims; null
 *                without a cart
 */
public record CartView(UUID cartId, UUID customerId, CartStatus status, String currency, List<LineView> lines,
                       PromoView promo, Totals totals, Instant updatedAt, Long version) {

    /** Something on the line changed since the customer last acknowledged the cart. */
    public static final String PRICE_CHANGED = "PRICE_CHANGED";
    public static final String OUT_OF_STOCK = "OUT_OF_STOCK";
    public static final String DISCONTINUED = "DISCONTINUED";

    /**
     * @param unitPrice    the catalogue's price now (the read model), which the totals use
     * @param availability IN_STOCK, LOW, OUT_OF_STOCK, or UNKNOWN before inventory said anything
     * @param priceChange  the price last seen and the price now, while they differ and until acknowledged
     * @param notices      PRICE_CHANGED, OUT_OF_STOCK (until acknowledged), DISCONTINUED (while it is)
     */
    public record LineView(String sku, String name, int quantity, Money unitPrice, Money lineTotal,
                           String availability, boolean discontinued, PriceChange priceChange,
                           List<String> notices) {
    }

    public record PriceChange(Money oldPrice, Money newPrice) {
    }

    /**
     * @param applied   whether the code gives a discount now
     * @param rejection why not (a {@code PromotionRejection} name), null when applied
     */
    public record PromoView(String code, boolean applied, String rejection, String explanation) {
    }

    /** {@code total = lines - discount}; {@code items} is the number of units. */
    public record Totals(Money lines, Money discount, Money total, int items) {
    }

    /** A strong entity tag of exactly this representation: any change of cart, prices or stock changes it. */
    public String etag() {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(toString().getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(digest, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
