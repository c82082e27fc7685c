package com.example.commerce.testing;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A catalogue product with a unique SKU, and the events the catalogue publishes about it: what the tests
 * of every service that consumes {@code catalog.events} feed it.
 */
public record CatalogProductMother(UUID productId, String sku, Instant listedAt) {

    public static final Instant LISTED_AT = Instant.parse("2026-11-22T10:00:00Z");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static CatalogProductMother aProduct() {
        return new CatalogProductMother(UUID.randomUUID(),
                "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(), LISTED_AT);
    }

    public static Money euros(long cents) {
        return new Money(cents, "EUR");
    }

    public ProductCreated created(String name, Money price) {
        return new ProductCreated(productId, sku, name, price, listedAt);
    }

    public PriceChanged priceChanged(Money from, Money to, long minutesAfterListing) {
        return new PriceChanged(productId, sku, from, to, listedAt.plusSeconds(60 * minutesAfterListing));
    }

    public ProductUpdated updated(String name) {
        return updated(name, 1);
    }

    public ProductUpdated updated(String name, long secondsAfterListing) {
        return new ProductUpdated(productId, sku, name, null, listedAt.plusSeconds(secondsAfterListing));
    }

    public ProductDiscontinued discontinued() {
        return new ProductDiscontinued(productId, sku, listedAt.plusSeconds(3600));
    }

    /** A ProductCreated as JSON that breaks the contract: {@code sku}, which it requires, is missing. */
    public byte[] createdWithoutItsSku() {
        ObjectNode created = JSON.valueToTree(created("Blue mug", euros(1299)));
        created.remove("sku");
        return JSON.writeValueAsBytes(created);
    }

    /**
     * A PriceChanged as JSON that breaks the contract: {@code newPrice}, which the contract requires, is
     * missing.
     */
    public byte[] priceChangedWithoutItsNewPrice(Money from, long minutesAfterListing) {
        ObjectNode change = JSON.valueToTree(priceChanged(from, from, minutesAfterListing));
        change.remove("newPrice");
        return JSON.writeValueAsBytes(change);
    }

    /**
     * The product's life in the catalogue, varied by {@code variant}: listed, sometimes described anew,
     * repriced one to three times (up and down), and discontinued for every other variant.
     */
    public ProductHistory history(int variant) {
        String name = "Mug no. " + variant;
        Money price = euros(1000 + variant);
        List<IntegrationEvent> events = new ArrayList<>(List.of(created(name, price)));
        if (variant % 3 == 0) {
            name = name + ", now in blue";
            events.add(updated(name));
        }
        for (int change = 1; change <= 1 + variant % 3; change++) {
            Money next = euros(price.amountMinor() + (change % 2 == 0 ? -150 : 400));
            events.add(priceChanged(price, next, 5L * change));
            price = next;
        }
        boolean discontinued = variant % 2 == 1;
        if (discontinued) {
            events.add(discontinued());
        }
        return new ProductHistory(sku, events, name, price, discontinued);
    }

    /**
     * What the catalogue published about one product, and what a price book shows once it has taken
     * each of those events once: the last name (listed or renamed), the last price and whether it was
     * discontinued.
     */
    public record ProductHistory(String sku, List<IntegrationEvent> events, String name, Money price,
                          boolean discontinued) {
    }
}
