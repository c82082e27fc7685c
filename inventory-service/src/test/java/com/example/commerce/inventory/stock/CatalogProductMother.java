package com.example.commerce.inventory.stock;

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

/** A catalogue product with a unique SKU, and the events the catalogue publishes about it. */
record CatalogProductMother(UUID productId, String sku) {

    static final Instant LISTED_AT = Instant.parse("2026-11-22T10:00:00Z");

    private static final JsonMapper JSON = JsonMapper.builder().build();

    static CatalogProductMother aProduct() {
        return new CatalogProductMother(UUID.randomUUID(),
                "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase());
    }

    ProductCreated created() {
        return new ProductCreated(productId, sku, "Blue mug", euros(1299), LISTED_AT);
    }

    /** A ProductCreated as JSON that breaks the contract: {@code sku}, which it requires, is missing. */
    byte[] createdWithoutItsSku() {
        ObjectNode created = JSON.valueToTree(created());
        created.remove("sku");
        return JSON.writeValueAsBytes(created);
    }

    /**
     * The product's life in the catalogue, varied by {@code variant}: listed, sometimes described anew,
     * repriced one to three times, and discontinued for every other variant.
     */
    List<IntegrationEvent> history(int variant) {
        List<IntegrationEvent> events = new ArrayList<>(List.of(created()));
        if (variant % 3 == 0) {
            events.add(new ProductUpdated(productId, sku, "Blue mug, large", null, LISTED_AT.plusSeconds(1)));
        }
        Money price = euros(1299);
        for (int change = 1; change <= 1 + variant % 3; change++) {
            Money next = euros(price.amountMinor() + 100);
            events.add(new PriceChanged(productId, sku, price, next, LISTED_AT.plusSeconds(300L * change)));
            price = next;
        }
        if (variant % 2 == 1) {
            events.add(new ProductDiscontinued(productId, sku, LISTED_AT.plusSeconds(3600)));
        }
        return events;
    }

    private static Money euros(long cents) {
        return new Money(cents, "EUR");
    }
}
