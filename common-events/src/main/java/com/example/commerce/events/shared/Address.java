package com.example.commerce.events.shared;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A postal address.
 *
 * @param line1      first address line
 * @param line2      second address line, {@code null} when there is none
 * @param city       city or town
 * @param postalCode postal code, as written in the country
 * @param country    ISO 3166-1 alpha-2 code, two upper-case letters such as {@code DE}
 */
public record Address(String line1, String line2, String city, String postalCode, String country) {

    private static final Pattern COUNTRY = Pattern.compile("[A-Z]{2}");

    public Address {
        Objects.requireNonNull(line1, "line1");
        Objects.requireNonNull(city, "city");
        Objects.requireNonNull(postalCode, "postalCode");
        Objects.requireNonNull(country, "country");
        if (line1.isBlank() || city.isBlank() || postalCode.isBlank()) {
            throw new IllegalArgumentException("line1, city and postalCode must not be blank");
        }
        if (!COUNTRY.matcher(country).matches()) {
            throw new IllegalArgumentException(
                    "country must be an ISO 3166-1 alpha-2 code of two upper-case letters: " + country);
        }
    }
}
