package com.example.commerce.catalog;

import com.example.commerce.testing.ServiceBootChecks;

/** The catalog-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class CatalogServiceBootIntegrationTests extends ServiceBootChecks {
}
