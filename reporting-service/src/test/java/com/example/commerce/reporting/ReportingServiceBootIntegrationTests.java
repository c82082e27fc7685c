package com.example.commerce.reporting;

import com.example.commerce.testing.ServiceBootChecks;

/** The reporting-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class ReportingServiceBootIntegrationTests extends ServiceBootChecks {
}
