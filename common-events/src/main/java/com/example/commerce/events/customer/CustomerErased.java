package com.example.commerce.events.customer;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer's personal data was erased; consumers must forget what they hold about this customer.
 * Keyed by {@code customerId}.
 */
public record CustomerErased(UUID customerId, Instant occurredAt) implements IntegrationEvent {

    public CustomerErased {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(occurredAt, "occurredAt");
    }

    @Override
    public String aggregateId() {
        return customerId.toString();
    }
}
