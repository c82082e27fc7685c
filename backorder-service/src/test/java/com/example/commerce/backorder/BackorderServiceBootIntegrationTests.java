package com.example.commerce.backorder;

import com.example.commerce.testing.ServiceBootChecks;

/** The backorder-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class BackorderServiceBootIntegrationTests extends ServiceBootChecks {
}
