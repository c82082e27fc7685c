package com.example.commerce.catalog.product;

import com.example.commerce.events.shared.Money;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A product as the API shows it. {@code version} is also its ETag.
 *
 * @param category null for a product filed under no category
 */
public record ProductView(UUID id, String sku, String name, String description, String brand, CategoryRef category,
                          Money price, Map<String, Object> attributes, List<String> images, Product.Status status,
                          long version, Instant createdAt, Instant updatedAt) {

    /** The category a product is filed under: its slug, name and place in the tree. */
    public record CategoryRef(String slug, String name, String path) {
    }
}
