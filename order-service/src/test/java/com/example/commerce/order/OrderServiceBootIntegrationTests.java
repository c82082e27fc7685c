package com.example.commerce.order;

import com.example.commerce.testing.ServiceBootChecks;

/** The order-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class OrderServiceBootIntegrationTests extends ServiceBootChecks {
}
