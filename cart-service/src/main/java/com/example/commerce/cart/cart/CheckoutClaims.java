package com.example.commerce.cart.cart;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jpa.repository.JpaRepository;
import org.springframework.data.jpa.repository.Query;

/** Checkout claims, by order id and by the version of the cart they claimed. */
interface CheckoutClaims extends JpaRepository<CheckoutClaim, UUID> {

    @Query("SELECT claim FROM CheckoutClaim claim WHERE claim.cartId = :cartId AND claim.cartVersion = :cartVersion")
    Optional<CheckoutClaim> findByCartVersion(UUID cartId, long cartVersion);

    /**
     * Claims CLAIMED past {@code now}, their carts locked (changes of a cart and of its claims queue on the
     * cart's row lock), skipping carts another transaction holds: it may be placing the claim's order.
     */
    @Query(nativeQuery = true, value = """
            SELECT claim.order_id FROM cart_checkout_claim claim JOIN cart ON cart.id = claim.cart_id
            WHERE claim.status = 'CLAIMED' AND claim.expires_at <= :now
            ORDER BY claim.expires_at LIMIT :limit FOR UPDATE OF cart SKIP LOCKED""")
    List<UUID> lockDue(Instant now, int limit);
}
