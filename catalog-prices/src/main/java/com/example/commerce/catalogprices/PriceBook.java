package com.example.commerce.catalogprices;

import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.events.catalog.ProductUpdated;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.annotation.Transactional;

/**
 * This service's copy of the catalogue's prices, kept up to date from catalogue events. Each method joins
 * the transaction of the inbox that delivers the event, so the effect and its inbox row commit together.
 */
public class PriceBook {

    private static final Logger log = LoggerFactory.getLogger(PriceBook.class);

    private final CatalogPrices prices;

    PriceBook(CatalogPrices prices) {
        this.prices = prices;
    }

    @Transactional
    public void productCreated(ProductCreated event) {
        Instant now = Instant.now();
        prices.findById(event.sku()).ifPresentOrElse(
                known -> known.relist(event.productId(), event.name(), event.categoryPath(), event.price(),
                        event.occurredAt(), now),
                () -> prices.save(new CatalogPrice(event.sku(), event.productId(), event.name(), event.categoryPath(),
                        event.occurredAt(), event.price(), event.occurredAt(), now)));
    }

    @Transactional
    public void productUpdated(ProductUpdated event) {
        prices.findById(event.sku()).ifPresentOrElse(
                known -> {
                    if (!known.rename(event.name(), event.categoryPath(), event.occurredAt(), Instant.now())) {
                        log.info("Ignored a rename of {} from {}: the name shown was given at {}",
                                event.sku(), event.occurredAt(), known.nameChangedAt());
                    }
                },
                () -> log.info("Ignored the rename of {}: no price known for it", event.sku()));
    }

    /** A change for a SKU not seen yet is kept under the SKU as its name until its ProductCreated arrives. */
    @Transactional
    public void priceChanged(PriceChanged event) {
        Instant now = Instant.now();
        prices.findById(event.sku()).ifPresentOrElse(
                known -> {
                    if (!known.reprice(event.newPrice(), event.occurredAt(), now)) {
                        log.info("Ignored a price change of {} from {}: the price shown changed at {}",
                                event.sku(), event.occurredAt(), known.priceChangedAt());
                    }
                },
                () -> prices.save(new CatalogPrice(event.sku(), event.productId(), event.sku(), null, null,
                        event.newPrice(), event.occurredAt(), now)));
    }

    @Transactional
    public void productDiscontinued(ProductDiscontinued event) {
        prices.findById(event.sku()).ifPresentOrElse(known -> known.discontinue(Instant.now()),
                () -> log.info("Ignored the discontinuation of {}: no price known for it", event.sku()));
    }

    @Transactional(readOnly = true)
    public Optional<CatalogPrice> find(String sku) {
        return prices.findById(sku);
    }
}
