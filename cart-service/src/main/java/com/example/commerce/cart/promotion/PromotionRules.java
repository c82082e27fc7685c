package com.example.commerce.cart.promotion;

import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/** What a promotion gives a cart: pure rules, no Spring, no database. */
public final class PromotionRules {

    private PromotionRules() {
    }

    /**
     * A line as the rules see it: its SKU, its category path (slugs from the root down, joined by '/'; null
     * if unknown) and its total.
     */
    public record QualifyingLine(String sku, String category, Money lineTotal) {
    }

    /** The discount, or why there is none. */
    public record Outcome(Money discount, PromotionRejection rejection) {

        public boolean applies() {
            return rejection == null;
        }
    }

    /**
     * The discount {@code terms} give a cart of {@code lines} in {@code currency} at {@code now}: never more
     * than the qualifying lines, percentages rounded down to the minor unit.
     */
    public static Outcome evaluate(PromotionTerms terms, String currency, List<QualifyingLine> lines, Instant now) {
        Objects.requireNonNull(currency, "currency");
        Money none = Money.zero(currency);
        if (now.isBefore(terms.validFrom())) {
            return new Outcome(none, PromotionRejection.NOT_YET_VALID);
        }
        if (terms.validUntil() != null && !now.isBefore(terms.validUntil())) {
            return new Outcome(none, PromotionRejection.EXPIRED);
        }
        if (terms.currency() != null && !terms.currency().equals(currency)) {
            return new Outcome(none, PromotionRejection.NOT_APPLICABLE);
        }
        long cartTotal = lines.stream().mapToLong(line -> line.lineTotal().amountMinor()).sum();
        if (terms.minimumOrderValue() != null && cartTotal < terms.minimumOrderValue().amountMinor()) {
            return new Outcome(none, PromotionRejection.MINIMUM_NOT_MET);
        }
        long qualifying = lines.stream().filter(line -> qualifies(terms, line))
                .mapToLong(line -> line.lineTotal().amountMinor()).sum();
        if (qualifying == 0) {
            return new Outcome(none, PromotionRejection.NOT_APPLICABLE);
        }
        long discount = switch (terms.kind()) {
            case PERCENTAGE -> Math.multiplyExact(qualifying, (long) terms.percentOff()) / 100;
            case FIXED_AMOUNT -> Math.min(terms.amountOff().amountMinor(), qualifying);
        };
        return new Outcome(new Money(discount, currency), null);
    }

    private static boolean qualifies(PromotionTerms terms, QualifyingLine line) {
        if (terms.sku() != null) {
            return terms.sku().equals(line.sku());
        }
        if (terms.category() != null) {
            return line.category() != null && (line.category().equals(terms.category())
                    || line.category().startsWith(terms.category() + "/"));
        }
        return true;
    }
}
