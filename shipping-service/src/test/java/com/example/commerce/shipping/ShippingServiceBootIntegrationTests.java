package com.example.commerce.shipping;

import com.example.commerce.testing.ServiceBootChecks;

/** The shipping-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class ShippingServiceBootIntegrationTests extends ServiceBootChecks {
}
