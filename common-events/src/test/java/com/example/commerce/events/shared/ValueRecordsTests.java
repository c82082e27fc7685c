package com.example.commerce.events.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ValueRecordsTests {

    private static final Money PRICE = new Money(1299, "EUR");

    @Test
    void anOrderLineKnowsItsTotal() {
        assertThat(new OrderLine("MUG-CERAMIC-350", 2, PRICE).lineTotal()).isEqualTo(new Money(2598, "EUR"));
    }

    @ParameterizedTest
    @ValueSource(ints = {0, -1})
    void anOrderLineRejectsAQuantityBelowOne(int quantity) {
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine("MUG-CERAMIC-350", quantity, PRICE))
                .withMessageContaining("quantity");
    }

    @Test
    void anOrderLineRejectsAMissingOrBlankSkuAndAMissingPrice() {
        assertThatNullPointerException().isThrownBy(() -> new OrderLine(null, 1, PRICE)).withMessage("sku");
        assertThatIllegalArgumentException().isThrownBy(() -> new OrderLine("  ", 1, PRICE));
        assertThatNullPointerException().isThrownBy(() -> new OrderLine("MUG-CERAMIC-350", 1, null))
                .withMessage("unitPrice");
    }

    @Test
    void anAddressMayHaveNoSecondLine() {
        Address address = new Address("Lindenstrasse 12", null, "Berlin", "10969", "DE");

        assertThat(address.line2()).isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"de", "De", "DEU", "D", "", "D1"})
    void anAddressRejectsACountryThatIsNotTwoUpperCaseLetters(String country) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> new Address("Lindenstrasse 12", null, "Berlin", "10969", country))
                .withMessageContaining("country");
    }

    @Test
    void anAddressRejectsMissingRequiredParts() {
        assertThatNullPointerException().isThrownBy(() -> new Address(null, null, "Berlin", "10969", "DE"))
                .withMessage("line1");
        assertThatNullPointerException().isThrownBy(() -> new Address("Lindenstrasse 12", null, null, "10969", "DE"))
                .withMessage("city");
        assertThatNullPointerException().isThrownBy(() -> new Address("Lindenstrasse 12", null, "Berlin", null, "DE"))
                .withMessage("postalCode");
        assertThatNullPointerException()
                .isThrownBy(() -> new Address("Lindenstrasse 12", null, "Berlin", "10969", null))
                .withMessage("country");
        assertThatIllegalArgumentException().isThrownBy(() -> new Address(" ", null, "Berlin", "10969", "DE"));
    }

    @Test
    void aShortageKnowsHowManyUnitsAreMissing() {
        assertThat(new Shortage("TEE-ORG-M-BLK", 5, 2).missing()).isEqualTo(3);
        assertThat(new Shortage("TEE-ORG-M-BLK", 1, 0).missing()).isEqualTo(1);
    }

    @Test
    void aShortageHasFewerUnitsAvailableThanRequested() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Shortage("TEE-ORG-M-BLK", 2, 2));
        assertThatIllegalArgumentException().isThrownBy(() -> new Shortage("TEE-ORG-M-BLK", 2, 3));
    }

    @Test
    void aShortageRejectsImpossibleCounts() {
        assertThatIllegalArgumentException().isThrownBy(() -> new Shortage("TEE-ORG-M-BLK", 0, 0));
        assertThatIllegalArgumentException().isThrownBy(() -> new Shortage("TEE-ORG-M-BLK", 2, -1));
        assertThatNullPointerException().isThrownBy(() -> new Shortage(null, 2, 0)).withMessage("sku");
    }
}
