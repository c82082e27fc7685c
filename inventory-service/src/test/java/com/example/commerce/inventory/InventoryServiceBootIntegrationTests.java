package com.example.commerce.inventory;

import com.example.commerce.testing.ServiceBootChecks;

/** The inventory-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class InventoryServiceBootIntegrationTests extends ServiceBootChecks {
}
