package com.example.commerce.customer;

import com.example.commerce.testing.ServiceBootChecks;

/** The customer-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class CustomerServiceBootIntegrationTests extends ServiceBootChecks {
}
