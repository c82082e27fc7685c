package com.example.commerce.cart;

import com.example.commerce.testing.ServiceBootChecks;

/** The cart-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class CartServiceBootIntegrationTests extends ServiceBootChecks {
}
