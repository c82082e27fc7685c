package com.example.commerce.cart.promotion;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.cart.promotion.PromotionRules.Outcome;
import com.example.commerce.cart.promotion.PromotionRules.QualifyingLine;
import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Each promotion rule, and how it fails, without Spring or a database. */
class PromotionRulesTests {

    private static final Instant START = Instant.parse("2026-12-01T00:00:00Z");
    private static final Instant END = Instant.parse("2026-12-31T00:00:00Z");
    private static final Instant NOW = Instant.parse("2026-12-10T12:00:00Z");

    private static final List<QualifyingLine> CART = List.of(
            new QualifyingLine("MUG-1", "kitchen/tableware/mugs", eur(3000)),
            new QualifyingLine("TEE-1", "clothing", eur(2001)));

    @Test
    void aPercentageIsTakenOffTheWholeCartRoundedDown() {
        assertThat(evaluate(percent(10), CART).discount()).isEqualTo(eur(500));
        assertThat(evaluate(percent(15), List.of(new QualifyingLine("A", null, eur(999)))).discount())
                .as("149.85 rounds down").isEqualTo(eur(149));
        assertThat(evaluate(percent(100), CART).discount()).isEqualTo(eur(5001));
    }

    @Test
    void aFixedAmountIsTakenOffButNeverMoreThanTheQualifyingLines() {
        assertThat(evaluate(fixed(eur(700)), CART).discount()).isEqualTo(eur(700));
        assertThat(evaluate(fixed(eur(9000)), CART).discount()).isEqualTo(eur(5001));
    }

    @Test
    void theMinimumOrderValueCountsEveryLine() {
        assertThat(evaluate(percent(10).withMinimum(eur(5001)), CART).applies()).isTrue();
        Outcome below = evaluate(percent(10).withMinimum(eur(5002)), CART);
        assertThat(below.rejection()).isEqualTo(PromotionRejection.MINIMUM_NOT_MET);
        assertThat(below.discount()).isEqualTo(eur(0));
    }

    @Test
    void itAppliesOnlyWithinItsValidityWindowEndExcluded() {
        assertThat(PromotionRules.evaluate(percent(10).terms(), "EUR", CART, START).applies()).isTrue();
        assertThat(PromotionRules.evaluate(percent(10).terms(), "EUR", CART, START.minusSeconds(1)).rejection())
                .isEqualTo(PromotionRejection.NOT_YET_VALID);
        assertThat(PromotionRules.evaluate(percent(10).terms(), "EUR", CART, END).rejection())
                .isEqualTo(PromotionRejection.EXPIRED);
        assertThat(PromotionRules.evaluate(percent(10).terms(), "EUR", CART, END.minusSeconds(1)).applies()).isTrue();
    }

    @Test
    void aSkuRestrictionDiscountsOnlyThatSkusLines() {
        assertThat(evaluate(percent(10).onSku("TEE-1"), CART).discount()).isEqualTo(eur(200));
        assertThat(evaluate(fixed(eur(5000)).onSku("MUG-1"), CART).discount()).isEqualTo(eur(3000));
        assertThat(evaluate(percent(10).onSku("HAT-9"), CART).rejection()).isEqualTo(PromotionRejection.NOT_APPLICABLE);
    }

    @Test
    void aCategoryRestrictionDiscountsOnlyTheLinesOfThatCategoryAndItsSubCategories() {
        assertThat(evaluate(percent(50).inCategory("kitchen"), CART).discount()).isEqualTo(eur(1500));
        assertThat(evaluate(percent(50).inCategory("kitchen/tableware"), CART).discount()).isEqualTo(eur(1500));
        assertThat(evaluate(percent(50).inCategory("kitchen/tableware/mugs"), CART).discount()).isEqualTo(eur(1500));
        assertThat(evaluate(percent(50).inCategory("clothing"), CART).discount()).isEqualTo(eur(1000));
        assertThat(evaluate(percent(50).inCategory("kitchen/table"), CART).rejection())
                .as("a slug's prefix is not its category").isEqualTo(PromotionRejection.NOT_APPLICABLE);
        assertThat(evaluate(percent(50).inCategory("kitchen/tableware/mugs/large"), CART).rejection())
                .as("a sub-category of the line's").isEqualTo(PromotionRejection.NOT_APPLICABLE);
        assertThat(evaluate(percent(50).inCategory("garden"), CART).rejection())
                .isEqualTo(PromotionRejection.NOT_APPLICABLE);
        assertThat(evaluate(percent(50).inCategory("kitchen"), List.of(new QualifyingLine("MUG-1", null, eur(3000))))
                .rejection()).as("a line of unknown category does not qualify").isEqualTo(PromotionRejection.NOT_APPLICABLE);
    }

    @Test
    void anAmountInAnotherCurrencyDoesNotApply() {
        assertThat(evaluate(fixed(new Money(500, "USD")), CART).rejection()).isEqualTo(PromotionRejection.NOT_APPLICABLE);
        assertThat(PromotionRules.evaluate(percent(10).terms(), "USD",
                List.of(new QualifyingLine("A", null, new Money(1000, "USD"))), NOW).discount())
                .as("a percentage has no currency").isEqualTo(new Money(100, "USD"));
    }

    @Test
    void anEmptyCartGetsNothing() {
        assertThat(evaluate(percent(10), List.of()).rejection()).isEqualTo(PromotionRejection.NOT_APPLICABLE);
    }

    private static Outcome evaluate(Terms terms, List<QualifyingLine> lines) {
        return PromotionRules.evaluate(terms.terms(), "EUR", lines, NOW);
    }

    private static Money eur(long cents) {
        return new Money(cents, "EUR");
    }

    private static Terms percent(int percent) {
        return new Terms(Promotion.Kind.PERCENTAGE, percent, null, null, null, null);
    }

    private static Terms fixed(Money amount) {
        return new Terms(Promotion.Kind.FIXED_AMOUNT, null, amount, null, null, null);
    }

    private record Terms(Promotion.Kind kind, Integer percentOff, Money amountOff, Money minimum, String sku,
                         String category) {

        Terms withMinimum(Money value) {
            return new Terms(kind, percentOff, amountOff, value, sku, category);
        }

        Terms onSku(String value) {
            return new Terms(kind, percentOff, amountOff, minimum, value, category);
        }

        Terms inCategory(String value) {
            return new Terms(kind, percentOff, amountOff, minimum, sku, value);
        }

        PromotionTerms terms() {
            return new PromotionTerms("TEST", null, kind, percentOff, amountOff, minimum, START, END, sku, category,
                    null);
        }
    }
}
