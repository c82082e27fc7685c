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
     */
    public record Cart(UUID cartId, String currency, List<CartLine> lines, Money discount, String promoCode) {
    }

    /** An entry of the customer's address book. */
    public record SavedAddress(UUID id, Address address, boolean defaultShipping) {
    }
}
