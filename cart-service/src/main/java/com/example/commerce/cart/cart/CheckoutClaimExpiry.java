package com.example.commerce.cart.cart;

import com.example.commerce.starter.BatchSweep;
import org.springframework.stereotype.Component;

/**
 * Looks for checkout claims past their time every {@code commerce.cart.claim-check-interval} and gives them
 * back ({@link CartCheckouts#expireClaims}); a full batch is followed at once by the next.
 */
@Component
class CheckoutClaimExpiry extends BatchSweep {

    private final CartCheckouts checkouts;

    CheckoutClaimExpiry(CartCheckouts checkouts, CartProperties properties) {
        super("checkout-claim-expiry", properties.claimCheckInterval(), CartCheckouts.EXPIRY_BATCH);
        this.checkouts = checkouts;
    }

    @Override
    protected int sweep() {
        return checkouts.expireClaims();
    }
}
