package com.example.commerce.events.customer;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer's contact data changed.
 * Keyed by {@code customerId}.
 */
public record CustomerUpdated(
        UUID customerId,
        String email,
        String displayName,
        Instant occurredAt) implements IntegrationEvent {

    public CustomerUpdated {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(displayName, "displayName");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (email.isBlank()) {
            throw new IllegalArgumentException("email must not be blank");
        }
        if (displayName.isBlank()) {
            throw new IllegalArgumentException("displayName must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return customerId.toString();
    }
}
