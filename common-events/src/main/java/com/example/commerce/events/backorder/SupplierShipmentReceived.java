package com.example.commerce.events.backorder;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * The supplier delivered units of a purchase order.
 * Keyed by {@code purchaseOrderId}.
 */
public record SupplierShipmentReceived(
        UUID purchaseOrderId,
        String sku,
        int quantity,
        Instant occurredAt) implements IntegrationEvent {

    public SupplierShipmentReceived {
        Objects.requireNonNull(purchaseOrderId, "purchaseOrderId");
        Objects.requireNonNull(sku, "sku");
        Objects.requireNonNull(occurredAt, "occurredAt");
        if (sku.isBlank()) {
            throw new IllegalArgumentException("sku must not be blank");
        }
        if (quantity <= 0) {
            throw new IllegalArgumentException("quantity must be positive: " + quantity);
        }
    }

    @Override
    public String aggregateId() {
        return purchaseOrderId.toString();
    }
}
