package com.example.commerce.cart.cart;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.ErrorResponseException;

/** A checkout claim refused (a problem with its type and status; nothing changes). */
public class CheckoutClaimException extends ErrorResponseException {

    private CheckoutClaimException(HttpStatus status, String slug, String title, String detail,
                                   Map<String, ?> properties) {
        super(status, Problems.problem(status, ProblemTypes.of(slug), title, detail, properties).getBody(), null);
    }

    /** Another order claimed the cart as the caller saw it: 409 naming that order. */
    static CheckoutClaimException takenBy(CheckoutClaim earlier) {
        boolean placed = earlier.status() == CheckoutClaim.Status.PLACED;
        return new CheckoutClaimException(HttpStatus.CONFLICT,
                placed ? "cart-already-checked-out" : "cart-checkout-in-progress",
                placed ? "Cart already checked out" : "Cart checkout in progress",
                "Order " + earlier.orderId() + " checked out this cart as it was at version " + earlier.cartVersion()
                        + (placed ? "." : "; its placement is under way."),
                Map.of("orderId", earlier.orderId(), "claimStatus", earlier.status().name(),
                        "cartVersion", earlier.cartVersion()));
    }

    /** The cart is not at the version the caller saw (and no order claimed that version): 409 with the current one. */
    static CheckoutClaimException cartChanged(Cart cart, long asked) {
        return new CheckoutClaimException(HttpStatus.CONFLICT, "cart-changed", "Cart changed",
                "The cart is at version " + cart.version() + " (" + cart.status() + "), not " + asked
                        + ": read it again.",
                Map.of("currentVersion", cart.version(), "cartStatus", cart.status().name()));
    }

    /** The claim of this order id was given back; a new checkout is a new order. */
    static CheckoutClaimException givenBack(CheckoutClaim claim) {
        return new CheckoutClaimException(HttpStatus.CONFLICT, "cart-claim-given-back", "Claim given back",
                "The claim of order " + claim.orderId() + " was given back (" + claim.status()
                        + "); its lines are in the cart again.",
                Map.of("orderId", claim.orderId(), "claimStatus", claim.status().name()));
    }

    /** The order of the claim was placed: it cannot be given back. */
    static CheckoutClaimException alreadyPlaced(CheckoutClaim claim) {
        return new CheckoutClaimException(HttpStatus.CONFLICT, "cart-already-checked-out", "Cart already checked out",
                "Order " + claim.orderId() + " was placed; its lines stay the order's.",
                Map.of("orderId", claim.orderId(), "claimStatus", claim.status().name()));
    }

    static CheckoutClaimException unknown(UUID orderId) {
        return new CheckoutClaimException(HttpStatus.NOT_FOUND, "not-found", "No such claim",
                "No checkout claim of order " + orderId + " for this cart.", Map.of());
    }
}
