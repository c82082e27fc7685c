package com.example.commerce.cart.cart;

import com.example.commerce.starter.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Looks for idle carts every {@code commerce.cart.expiry-check-interval} and expires them
 * ({@link ShoppingCarts#expireIdle}); a full batch is followed at once by the next.
 */
@Component
class CartExpiry extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(CartExpiry.class);

    private final ShoppingCarts carts;
    private final CartProperties properties;

    CartExpiry(ShoppingCarts carts, CartProperties properties) {
        super("cart-expiry");
        this.carts = carts;
        this.properties = properties;
    }

    @Override
    protected void runUntilStopped() {
        while (isRunning()) {
            int expired = 0;
            try {
                expired = carts.expireIdle();
            } catch (RuntimeException e) {
                log.warn("Expiring idle carts failed; trying again in {}", properties.expiryCheckInterval(), e);
            }
            if (expired < ShoppingCarts.EXPIRY_BATCH) {
                try {
                    Thread.sleep(properties.expiryCheckInterval());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
