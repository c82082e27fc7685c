package com.example.commerce.order.pricing;

import com.example.commerce.catalogprices.CatalogPricesChecks;

/** The order-service's catalogue price read model, in its own schema, fed by real catalog.events records. */
class CatalogPricesIntegrationTests extends CatalogPricesChecks {
}
