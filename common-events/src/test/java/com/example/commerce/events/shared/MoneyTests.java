package com.example.commerce.events.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MoneyTests {

    @Test
    void holdsAnAmountInMinorUnitsAndACurrency() {
        Money price = new Money(1999, "EUR");

        assertThat(price.amountMinor()).isEqualTo(1999);
        assertThat(price.currency()).isEqualTo("EUR");
        assertThat(price).isEqualTo(new Money(1999, "EUR"));
    }

    @Test
    void acceptsZero() {
        assertThat(Money.zero("CHF")).isEqualTo(new Money(0, "CHF"));
    }

    @Test
    void rejectsANegativeAmount() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Money(-1, "EUR"))
                .withMessageContaining("amountMinor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"eur", "Eur", "EU", "EURO", "E1R", "", " EUR"})
    void rejectsACurrencyThatIsNotThreeUpperCaseLetters(String currency) {
        assertThatIllegalArgumentException().isThrownBy(() -> new Money(100, currency))
                .withMessageContaining("currency");
    }

    @Test
    void rejectsAMissingCurrency() {
        assertThatNullPointerException().isThrownBy(() -> new Money(100, null)).withMessage("currency");
    }

    @Test
    void addsAmountsOfTheSameCurrency() {
        assertThat(new Money(1299, "EUR").plus(new Money(2499, "EUR"))).isEqualTo(new Money(3798, "EUR"));
    }

    @Test
    void refusesToAddDifferentCurrencies() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Money(1299, "EUR").plus(new Money(100, "USD")));
    }

    @Test
    void multipliesByAQuantity() {
        assertThat(new Money(1299, "EUR").times(3)).isEqualTo(new Money(3897, "EUR"));
        assertThat(new Money(1299, "EUR").times(0)).isEqualTo(Money.zero("EUR"));
    }

    @Test
    void refusesANegativeFactor() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Money(1299, "EUR").times(-1));
    }

    @Test
    void failsRatherThanOverflow() {
        Money huge = new Money(Long.MAX_VALUE, "EUR");

        assertThatThrownBy(() -> huge.plus(new Money(1, "EUR"))).isInstanceOf(ArithmeticException.class);
        assertThatThrownBy(() -> huge.times(2)).isInstanceOf(ArithmeticException.class);
    }
}
