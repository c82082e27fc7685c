package com.example.commerce.events.customer;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer signed up: wire type {@code customer.CustomerRegistered.v2}. Unlike v1 it carries no personal
 * data (no email, no display name), so nothing personal stays on the topic for its retention or after an
 * erasure; a consumer that needs contact data asks customer-service for it. It carries the customer id and
 * the account's starting preferences: {@code marketingConsent}, {@code language} (a BCP 47 tag such as
 * {@code en} or {@code de-CH}) and {@code currency} (ISO 4217).
 * Keyed by {@code customerId}.
 */
public record CustomerRegisteredV2(
        UUID customerId,
        boolean marketingConsent,
        String language,
        String currency,
        Instant occurredAt) implements IntegrationEvent {

    public CustomerRegisteredV2 {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (language.isBlank()) {
            throw new IllegalArgumentException("language must not be blank");
        }
        if (!currency.matches("[A-Z]{3}")) {
            throw new IllegalArgumentException("currency must be an ISO 4217 code: " + currency);
        }
    }

    @Override
    public String aggregateId() {
        return customerId.toString();
    }
}
