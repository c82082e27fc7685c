package com.example.commerce.events.backorder;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Units of a SKU were ordered from the supplier.
 * Keyed by {@code purchaseOrderId}.
 */
public record PurchaseOrderPlaced(
        UUID purchaseOrderId,
        String sku,
        int quantity,
        String supplierReference,
        Instant occurredAt) implements IntegrationEvent {

    public PurchaseOrderPlaced {
        Objects.requireNonNull(purchaseOrderId, "purchaseOrderId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(supplierReference, "supplierReference");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
        if (supplierReference.isBlank()) {
            throw new IllegalArgumentException("supplierReference must not be blank");
        }
    }

    @Override
    public String aggregateId() {
        return purchaseOrderId.toString();
    }
}
