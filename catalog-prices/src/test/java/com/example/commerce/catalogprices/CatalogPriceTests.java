package com.example.commerce.catalogprices;

import static com.example.commerce.testing.CatalogProductMother.euros;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CatalogPriceTests {

    private static final Instant LISTED_AT = Instant.parse("2026-11-22T10:00:00Z");
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");

    private final CatalogPrice price = new CatalogPrice("SKU-1", UUID.randomUUID(), "Blue mug", "kitchen/mugs",
            LISTED_AT, euros(1000), LISTED_AT, LISTED_AT);

    @Test
    void newerPriceChangeReplacesThePrice() {
        assertThat(price.reprice(euros(1200), LISTED_AT.plusSeconds(60), NOW)).isTrue();

        assertThat(price.price()).isEqualTo(euros(1200));
        assertThat(price.priceChangedAt()).isEqualTo(LISTED_AT.plusSeconds(60));
        assertThat(price.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void olderPriceChangeArrivingLateKeepsTheNewerPrice() {
        price.reprice(euros(1500), LISTED_AT.plusSeconds(120), NOW);

        assertThat(price.reprice(euros(1200), LISTED_AT.plusSeconds(60), NOW.plusSeconds(1))).isFalse();

        assertThat(price.price()).isEqualTo(euros(1500));
        assertThat(price.priceChangedAt()).isEqualTo(LISTED_AT.plusSeconds(120));
        assertThat(price.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void productCreatedArrivingAfterAPriceChangeTakesTheNameButKeepsTheNewerPrice() {
        CatalogPrice placeholder = new CatalogPrice("SKU-2", UUID.randomUUID(), "SKU-2", null, null, euros(1500),
                LISTED_AT.plusSeconds(120), NOW);

        placeholder.relist(placeholder.productId(), "Red mug", "kitchen/mugs", euros(1000), LISTED_AT,
                NOW.plusSeconds(1));

        assertThat(placeholder.name()).isEqualTo("Red mug");
        assertThat(placeholder.categoryPath()).isEqualTo("kitchen/mugs");
        assertThat(placeholder.nameChangedAt()).isEqualTo(LISTED_AT);
        assertThat(placeholder.price()).isEqualTo(euros(1500));
    }

    @Test
    void newerRenameReplacesTheName() {
        assertThat(price.rename("Blue mug, large", "kitchen/cups", LISTED_AT.plusSeconds(30), NOW)).isTrue();

        assertThat(price.name()).isEqualTo("Blue mug, large");
        assertThat(price.categoryPath()).as("the category moves with the name").isEqualTo("kitchen/cups");
        assertThat(price.nameChangedAt()).isEqualTo(LISTED_AT.plusSeconds(30));
        assertThat(price.updatedAt()).isEqualTo(NOW);
    }

    @Test
    void olderRenameOrListingArrivingLateKeepsTheNewerName() {
        price.rename("Blue mug, large", "kitchen/cups", LISTED_AT.plusSeconds(60), NOW);

        assertThat(price.rename("Blue mug, small", "garden", LISTED_AT.plusSeconds(30), NOW.plusSeconds(1))).isFalse();
        price.relist(price.productId(), "Blue mug", "kitchen/mugs", euros(1000), LISTED_AT, NOW.plusSeconds(2));

        assertThat(price.name()).isEqualTo("Blue mug, large");
        assertThat(price.categoryPath()).isEqualTo("kitchen/cups");
        assertThat(price.nameChangedAt()).isEqualTo(LISTED_AT.plusSeconds(60));
    }
}
