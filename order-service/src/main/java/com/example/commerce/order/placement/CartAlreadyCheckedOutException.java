package com.example.commerce.order.placement;

import java.util.UUID;

/**
 * Another order claimed the cart as this checkout read it (two tabs, a double click, a retry under a new
 * Idempotency-Key): a 409 naming that order, so the client can follow it. Nothing is stored.
 *
 * @see OrderPlacementController
 */
public class CartAlreadyCheckedOutException extends RuntimeException {

    private final UUID orderId;
    private final String claimStatus;

    CartAlreadyCheckedOutException(UUID orderId, String claimStatus) {
        super("This cart was checked out by order " + orderId + ("PLACED".equals(claimStatus) ? "."
                : ", whose placement is under way."));
        this.orderId = orderId;
        this.claimStatus = claimStatus;
    }

    public UUID orderId() {
        return orderId;
    }

    /** CLAIMED (that order's placement is under way: it may still fail) or PLACED. */
    public String claimStatus() {
        return claimStatus;
    }
}
