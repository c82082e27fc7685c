package com.example.commerce.catalog.product;

import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.shared.Money;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.time.Instant;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.data.domain.Page;
import org.springframework.data.domain.Pageable;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Lists products and changes their prices. Each change and its event (ProductCreated, PriceChanged) are
 * committed together: the event goes through the outbox.
 */
@Service
public class ProductCatalog {

    private final Products products;
    private final Outbox outbox;
    private final Clock clock;

    @Autowired
    ProductCatalog(Products products, Outbox outbox) {
        this(products, outbox, Clock.systemUTC());
    }

    ProductCatalog(Products products, Outbox outbox, Clock clock) {
        this.products = products;
        this.outbox = outbox;
        this.clock = clock;
    }

    /** A product to list. */
    public record NewProduct(String sku, String name, String description, Money price) {
    }

    @Transactional
    public Product list(NewProduct request) {
        if (products.existsBySku(request.sku())) {
            throw ProductProblems.duplicateSku(request.sku());
        }
        Instant now = clock.instant();
        Product product = new Product(Uuids.v7(), request.sku(), request.name(), request.description(), request.price(), now);
        try {
            products.saveAndFlush(product);
        } catch (DataIntegrityViolationException raced) {
            throw ProductProblems.duplicateSku(request.sku());
        }
        outbox.publish(new ProductCreated(product.id(), product.sku(), product.name(), product.price(), now));
        return product;
    }

    @Transactional
    public Product changePrice(String sku, Money newPrice) {
        Product product = products.findBySku(sku).orElseThrow(() -> ProductProblems.notFound(sku));
        Money oldPrice = product.price();
        Instant now = clock.instant();
        if (product.changePrice(newPrice, now)) {
            outbox.publish(new PriceChanged(product.id(), product.sku(), oldPrice, newPrice, now));
        }
        return product;
    }

    @Transactional(readOnly = true)
    public Product find(String sku) {
        return products.findBySku(sku).orElseThrow(() -> ProductProblems.notFound(sku));
    }

    @Transactional(readOnly = true)
    public Page<Product> browse(Pageable page) {
        return products.findAll(page);
    }
}
