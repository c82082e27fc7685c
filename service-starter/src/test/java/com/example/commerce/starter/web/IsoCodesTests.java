package com.example.commerce.starter.web;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.validation.Validation;
import jakarta.validation.Validator;
import org.junit.jupiter.api.Test;

/** Country and currency codes are the ones ISO assigns, not any two or three capital letters. */
class IsoCodesTests {

    record Address(@CountryCode String country) {
    }

    record Price(@CurrencyCode String currency) {
    }

    private final Validator validator = Validation.buildDefaultValidatorFactory().getValidator();

    @Test
    void takesAssignedCountriesAndRefusesTheRest() {
        for (String assigned : new String[] {"DE", "FR", "US", "JP", "CH"}) {
            assertThat(validator.validate(new Address(assigned))).as(assigned).isEmpty();
        }
        for (String unassigned : new String[] {"ZZ", "XX", "UK", "EU", "de", "DEU", ""}) {
            assertThat(validator.validate(new Address(unassigned))).as(unassigned).singleElement()
                    .extracting(violation -> violation.getMessage()).isEqualTo("must be an ISO 3166-1 alpha-2 country code");
        }
        assertThat(validator.validate(new Address(null))).as("null is @NotNull's to refuse").isEmpty();
    }

    @Test
    void takesKnownCurrenciesAndRefusesTheRest() {
        for (String known : new String[] {"EUR", "USD", "JPY", "CHF", "GBP"}) {
            assertThat(validator.validate(new Price(known))).as(known).isEmpty();
        }
        for (String unknown : new String[] {"ABC", "ZZZ", "XXX", "XTS", "eur", "EURO", ""}) {
            assertThat(validator.validate(new Price(unknown))).as(unknown).singleElement()
                    .extracting(violation -> violation.getMessage()).isEqualTo("must be an ISO 4217 currency code");
        }
    }
}
