package com.example.commerce.cart.promotion;

import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * What a promotion gives and when: {@code percentOff} (1..100) for PERCENTAGE or {@code amountOff} for
 * FIXED_AMOUNT, off the qualifying lines (the whole cart, or only the lines of {@code sku}, or of the
 * category path {@code category} and its sub-categories: {@code kitchen} takes {@code kitchen/cookware/pans}); only for carts of at least {@code minimumOrderValue} (all lines), from
 * {@code validFrom} until, excluding, {@code validUntil}; at most {@code redemptionLimit} carts hold it.
 */
public record PromotionTerms(String code, String description, Promotion.Kind kind, Integer percentOff,
                             Money amountOff, Money minimumOrderValue, Instant validFrom, Instant validUntil,
                             String sku, String category, Integer redemptionLimit) {

    public PromotionTerms {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(validFrom, "validFrom");
        code = normalise(code);
    }

    /** Codes are matched case-insensitively: stored and compared upper-case. */
    public static String normalise(String code) {
        return code.strip().toUpperCase(Locale.ROOT);
    }

    /** The currency of the amounts, or null for a percentage without a minimum. */
    public String currency() {
        return amountOff != null ? amountOff.currency() : minimumOrderValue != null ? minimumOrderValue.currency() : null;
    }
}
