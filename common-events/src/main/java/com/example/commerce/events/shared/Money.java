package com.example.commerce.events.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * An amount of money in the minor unit of its currency (cents for EUR, so 1999 is 19.99 EUR).
 *
 * @param amountMinor the amount in minor units, never negative
 * @param currency    ISO 4217 alphabetic code, three upper-case letters such as {@code EUR}
 */
public record Money(long amountMinor, String currency) {

    private static final Pattern CURRENCY = Pattern.compile("[A-Z]{3}");

    public Money {
        Objects.requireNonNull(currency, "currency");
        if (!CURRENCY.matcher(currency).matches()) {
            throw new IllegalArgumentException(
                    "currency must be an ISO 4217 code of three upper-case letters: " + currency);
        }
        if (amountMinor < 0) {
            throw new IllegalArgumentException("amountMinor must not be negative: " + amountMinor);
        }
    }

    /** Nothing, in the given currency. */
    public static Money zero(String currency) {
        return new Money(0, currency);
    }

    /** The sum of this and {@code other}, which must be in the same currency. */
    public Money plus(Money other) {
        Objects.requireNonNull(other, "other");
        if (!currency.equals(other.currency)) {
            throw new IllegalArgumentException("cannot add " + other.currency + " to " + currency);
        }
        return new Money(Math.addExact(amountMinor, other.amountMinor), currency);
    }

    /** This amount taken {@code factor} times (a line total: unit price times quantity). */
    public Money times(int factor) {
        if (factor < 0) {
            throw new IllegalArgumentException("factor must not be negative: " + factor);
        }
        return new Money(Math.multiplyExact(amountMinor, factor), currency);
    }
}
