package com.example.commerce.cart.pricing;

import com.example.commerce.catalogprices.CatalogPricesChecks;

/** The cart-service's catalogue price read model, in its own schema, fed by real catalog.events records. */
class CatalogPricesIntegrationTests extends CatalogPricesChecks {
}
