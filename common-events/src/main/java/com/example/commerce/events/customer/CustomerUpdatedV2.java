package com.example.commerce.events.customer;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * A customer's profile or preferences changed: wire type {@code customer.CustomerUpdated.v2}. Unlike v1 it
 * carries no personal data: {@code changedFields} names what changed (for instance {@code displayName},
 * {@code marketingConsent}, {@code language}, {@code currency}; consumers ignore names they do not know)
 * without the new value of a personal field, and the record carries the preferences as they are now
 * ({@code marketingConsent}, {@code language}, {@code currency}), which are not personal.
 * Keyed by {@code customerId}.
 */
public record CustomerUpdatedV2(
        UUID customerId,
        List<String> changedFields,
        boolean marketingConsent,
        String language,
        String currency,
        Instant occurredAt) implements IntegrationEvent {

    public CustomerUpdatedV2 {
        Objects.requireNonNull(customerId, "customerId");
        Objects.requireNonNull(changedFields, "changedFields");
        Objects.requireNonNull(language, "language");
        Objects.requireNonNull(currency, "currency");
        Objects.requireNonNull(occurredAt, "occurredAt");
        changedFields = List.copyOf(changedFields);
        if (changedFields.isEmpty()) {
            throw new IllegalArgumentException("changedFields must name at least one field");
        }
        if (changedFields.stream().anyMatch(String::isBlank)) {
            throw new IllegalArgumentException("changedFields must not hold a blank name");
        }
        if (new HashSet<>(changedFields).size() != changedFields.size()) {
            throw new IllegalArgumentException("changedFields must not name a field twice");
        }
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
