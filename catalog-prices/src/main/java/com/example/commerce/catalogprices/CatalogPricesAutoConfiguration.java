package com.example.commerce.catalogprices;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.context.annotation.Import;

/**
 * The catalogue price read model for a service that depends on this module: the {@code catalog_price}
 * entity and repository (scanned through this package), the {@link PriceBook}, its catalog.events
 * listener and {@code GET /api/v1/prices/{sku}}. The table itself is the service's: each migrates
 * {@code catalog_price} in its own schema.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration")
@AutoConfigurationPackage
@Import({PriceBook.class, CatalogEventsListener.class, PriceController.class})
public class CatalogPricesAutoConfiguration {
}
