package com.example.commerce.payment;

import com.example.commerce.testing.ServiceBootChecks;

/** The payment-service boots against real PostgreSQL and Kafka and meets the fleet's conventions. */
class PaymentServiceBootIntegrationTests extends ServiceBootChecks {
}
