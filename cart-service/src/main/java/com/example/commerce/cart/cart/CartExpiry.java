package com.example.commerce.cart.cart;

import com.example.commerce.starter.BatchSweep;
import org.springframework.stereotype.Component;

/**
 * Looks for idle carts every {@code commerce.cart.expiry-check-interval} and expires them
 * ({@link ShoppingCarts#expireIdle}); a full batch is followed at once by the next.
 */
@Component
class CartExpiry extends BatchSweep {

    private final ShoppingCarts carts;

    CartExpiry(ShoppingCarts carts, CartProperties properties) {
        super("cart-expiry", properties.expiryCheckInterval(), ShoppingCarts.EXPIRY_BATCH);
        this.carts = carts;
    }

    @Override
    protected int sweep() {
        return carts.expireIdle();
    }
}
