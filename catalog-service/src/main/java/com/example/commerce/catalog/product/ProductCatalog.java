package com.example.commerce.catalog.product;

import com.example.commerce.catalog.category.Category;
import com.example.commerce.catalog.category.CategoryProblems;
import com.example.commerce.catalog.category.CategoryTree;
import com.example.commerce.events.catalog.PriceChanged;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.catalog.ProductDiscontinued;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.events.shared.Money;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import tools.jackson.databind.json.JsonMapper;

/**
 * Lists products, edits them, changes their prices and discontinues them. Each change and its event
 * (ProductCreated, ProductUpdated, PriceChanged, ProductDiscontinued) are committed together: the event
 * goes through the outbox. A change that changes nothing publishes nothing. ProductCreated and
 * ProductUpdated carry the brand and the category's path, so a consumer can group or restrict by them.
 *
 * <p>Preconditions: {@code ifMatch} is the request's {@code If-Match} header. An update needs one (428
 * without); a price change or a discontinuation honours one if given. A tag that is not the current
 * version is a 412; two writers racing past the check are told apart by the row's version at commit.
 */
@Service
public class ProductCatalog {

    private final Products products;
    private final CategoryTree categories;
    private final Outbox outbox;
    private final JsonMapper json;
    private final Clock clock;

    ProductCatalog(Products products, CategoryTree categories, Outbox outbox, JsonMapper json, Clock clock) {
        this.products = products;
        this.categories = categories;
        this.outbox = outbox;
        this.json = json;
        this.clock = clock;
    }

    /** A product to list. {@code category} is a category slug; null fields are empty. */
    public record NewProduct(String sku, String name, String description, String brand, String category,
                             Money price, Map<String, Object> attributes, List<String> images) {
    }

    /** The descriptive data of a product, replaced as a whole. */
    public record Changes(String name, String description, String brand, String category,
                          Map<String, Object> attributes, List<String> images) {
    }

    /** What a batch listing did: the SKUs it listed and those that existed already (left as they are). */
    public record Listed(List<String> created, List<String> existing) {
    }

    @Transactional
    public Product list(NewProduct request) {
        if (products.existsBySku(request.sku())) {
            throw ProductProblems.duplicateSku(request.sku());
        }
        return create(request);
    }

    /**
     * Lists many products in one transaction, for imports: a SKU that exists already is left as it is and
     * reported, so an import can be run again. Any other problem (an unknown category, a SKU twice in the
     * batch) refuses the whole batch and writes nothing.
     */
    @Transactional
    public Listed listAll(List<NewProduct> requests) {
        Set<String> seen = new HashSet<>();
        for (NewProduct request : requests) {
            if (!seen.add(request.sku())) {
                throw ProductProblems.skuTwiceInBatch(request.sku());
            }
        }
        Set<String> existing = new HashSet<>(products.findExistingSkus(List.copyOf(seen)));
        List<String> created = new ArrayList<>();
        for (NewProduct request : requests) {
            if (!existing.contains(request.sku())) {
                create(request);
                created.add(request.sku());
            }
        }
        return new Listed(created, requests.stream().map(NewProduct::sku).filter(existing::contains).toList());
    }

    private Product create(NewProduct request) {
        Instant now = clock.instant();
        Product.Details details = details(new Changes(request.name(), request.description(), request.brand(),
                request.category(), request.attributes(), request.images()));
        Product product = new Product(Uuids.v7(), request.sku(), details, request.price(), now);
        try {
            products.saveAndFlush(product);
        } catch (DataIntegrityViolationException raced) {
            throw ProductProblems.duplicateSku(request.sku());
        }
        outbox.publish(new ProductCreated(product.id(), product.sku(), product.name(), product.price(), product.brand(),
                categories.pathOf(product.categoryId()), now));
        return product;
    }

    @Transactional
    public Product update(String sku, String ifMatch, Changes changes) {
        Product product = products.findBySku(sku).orElseThrow(() -> ProductProblems.notFound(sku));
        if (ifMatch == null) {
            throw ProductProblems.preconditionRequired(sku);
        }
        checkWritable(product, ifMatch);
        Product.Details details = details(changes);
        Instant now = clock.instant();
        if (product.update(details, same(product.details(), details), now)) {
            products.saveAndFlush(product);
            outbox.publish(new ProductUpdated(product.id(), sku, product.name(), product.description(), product.brand(),
                    categories.pathOf(product.categoryId()), now));
        }
        return product;
    }

    @Transactional
    public Product changePrice(String sku, String ifMatch, Money newPrice) {
        Product product = products.findBySku(sku).orElseThrow(() -> ProductProblems.notFound(sku));
        checkWritable(product, ifMatch);
        Money oldPrice = product.price();
        Instant now = clock.instant();
        if (product.changePrice(newPrice, now)) {
            products.saveAndFlush(product);
            outbox.publish(new PriceChanged(product.id(), product.sku(), oldPrice, newPrice, now));
        }
        return product;
    }

    /** Takes a product off sale; discontinuing it again changes nothing and publishes nothing. */
    @Transactional
    public Product discontinue(String sku, String ifMatch) {
        Product product = products.findBySku(sku).orElseThrow(() -> ProductProblems.notFound(sku));
        if (ifMatch != null && !ETags.matchHits(ifMatch, product.version())) {
            throw ProductProblems.stale(sku, product.version());
        }
        Instant now = clock.instant();
        if (product.discontinue(now)) {
            products.saveAndFlush(product);
            outbox.publish(new ProductDiscontinued(product.id(), sku, now));
        }
        return product;
    }

    private static void checkWritable(Product product, String ifMatch) {
        if (ifMatch != null && !ETags.matchHits(ifMatch, product.version())) {
            throw ProductProblems.stale(product.sku(), product.version());
        }
        if (product.status() == Product.Status.DISCONTINUED) {
            throw ProductProblems.discontinued(product.sku());
        }
    }

    /** The most JSON text a product's attributes may take. */
    static final int MAX_ATTRIBUTES_JSON = 16 * 1024;

    private Product.Details details(Changes changes) {
        String attributes = json.writeValueAsString(changes.attributes() == null ? Map.of() : changes.attributes());
        if (attributes.length() > MAX_ATTRIBUTES_JSON) {
            throw ProductProblems.attributesTooLarge(attributes.length(), MAX_ATTRIBUTES_JSON);
        }
        UUID categoryId = changes.category() == null ? null : categories.bySlug(changes.category())
                .map(Category::id).orElseThrow(() -> CategoryProblems.unknown("category", changes.category()));
        return new Product.Details(changes.name(), blankToNull(changes.description()), blankToNull(changes.brand()),
                categoryId, attributes, json.writeValueAsString(changes.images() == null ? List.of() : changes.images()));
    }

    /** Equal details, the JSON ones compared by value (PostgreSQL gives jsonb back in its own layout). */
    private boolean same(Product.Details current, Product.Details next) {
        return Objects.equals(current.name(), next.name())
                && Objects.equals(current.description(), next.description())
                && Objects.equals(current.brand(), next.brand())
                && Objects.equals(current.categoryId(), next.categoryId())
                && json.readTree(current.attributes()).equals(json.readTree(next.attributes()))
                && json.readTree(current.imageUrls()).equals(json.readTree(next.imageUrls()));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
