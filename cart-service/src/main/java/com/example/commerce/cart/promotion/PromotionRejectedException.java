package com.example.commerce.cart.promotion;

/** A promotion code that cannot be applied to the cart, and why. */
public class PromotionRejectedException extends RuntimeException {

    private final String code;
    private final PromotionRejection reason;

    public PromotionRejectedException(String code, PromotionRejection reason) {
        super("Promotion code " + code + " cannot be applied: " + reason.explanation());
        this.code = code;
        this.reason = reason;
    }

    public String code() {
        return code;
    }

    public PromotionRejection reason() {
        return reason;
    }
}
