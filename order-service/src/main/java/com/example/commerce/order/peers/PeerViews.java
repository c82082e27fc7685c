package com.example.commerce.order.peers;

import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import java.util.List;
import java.util.UUID;

/** What order-service takes from the peers' answers (saga.md's JSON), in its own words. */
public final class PeerViews {

    private PeerViews() {
    }

    /** A cart line as cart-service priced it; {@code notices} not yet acknowledged by the customer. */
    public record CartLine(String sku, String name, int quantity, Money unitPrice, List<String> notices) {
    }

    /**
     * A customer's cart as cart-service shows it.
     *
     * @param cartId    null when the customer has no open cart
     * @param discount  the promotion's discount (zero without one)
     * @param promoCode the code, when it is applied
     * @param version   the cart's version, which a checkout claims; null when the customer has no open cart
     */
    public record Cart(UUID cartId, String currency, List<CartLine> lines, Money discount, String promoCode,
                       Long version) {
    }

    /** What cart-service answered a checkout's claim of a cart ({@code POST .../checkout-claims}). */
    public sealed interface CartClaim {
    }

    /** The cart is this order's: {@code cart} is the cart as claimed, priced, which the order takes. */
    public record CartClaimed(Cart cart) implements CartClaim {
    }

    /**
     * Another order claimed the cart as this checkout saw it.
     *
     * @param claimStatus CLAIMED (that order's placement is under way) or PLACED
     */
    public record CartTakenByOrder(UUID orderId, String claimStatus) implements CartClaim {
    }

    /** The cart is no longer as this checkout saw it (changed, emptied, closed): nothing was claimed. */
    public record CartChanged(String reason) implements CartClaim {
    }

    /** An entry of the customer's address book. */
    public record SavedAddress(UUID id, Address address, boolean defaultShipping) {
    }
}
