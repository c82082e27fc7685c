package com.example.commerce.catalogprices;

import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.UUID;

/** A catalogue product with a unique SKU, and the events the catalogue publishes about it. */
record CatalogProductMother(UUID productId, String sku, Instant listedAt) {

    static final Instant LISTED_AT = Instant.parse("2026-11-22T10:00:00Z");

    static CatalogProductMother aProduct() {
        return new CatalogProductMother(UUID.randomUUID(),
                "SKU-" + UUID.randomUUID().toString().substring(0, 13).toUpperCase(), LISTED_AT);
    }

    static Money euros(long cents) {
        return new Money(cents, "EUR");
    }

    ProductCreated created(String name, Money price) {
        return new ProductCreated(productId, sku, name, price, listedAt);
    }

    PriceChanged priceChanged(Money from, Money to, long minutesAfterListing) {
        return new PriceChanged(productId, sku, from, to, listedAt.plusSeconds(60 * minutesAfterListing));
    }

    ProductUpdated updated(String name) {
        return new ProductUpdated(productId, sku, name, null, listedAt.plusSeconds(1));
    }

    ProductDiscontinued discontinued() {
        return new ProductDiscontinued(productId, sku, listedAt.plusSeconds(3600));
    }
}
