package com.example.commerce.cart.promotion;

/** Why a promotion code gives a cart nothing; each is a 422 problem when the code is applied. */
public enum PromotionRejection {
    UNKNOWN_CODE("No promotion has this code."),
    NOT_YET_VALID("The promotion has not started yet."),
    EXPIRED("The promotion has ended."),
    MINIMUM_NOT_MET("The cart is below the promotion's minimum order value."),
    NOT_APPLICABLE("No line of the cart qualifies for the promotion (its SKU, category or currency)."),
    REDEMPTION_LIMIT_REACHED("The promotion has been redeemed as often as it may be."),
    ANOTHER_CODE_APPLIED("The cart holds another promotion code already: one code per cart; remove it first.");

    private final String explanation;

    PromotionRejection(String explanation) {
        this.explanation = explanation;
    }

    public String explanation() {
        return explanation;
    }

    /** The problem type slug, e.g. {@code promo-code-expired}. */
    public String slug() {
        return "promo-code-" + name().toLowerCase().replace('_', '-');
    }
}
