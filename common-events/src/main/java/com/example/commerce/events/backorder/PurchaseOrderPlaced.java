package com.example.commerce.events.backorder;

import com.example.commerce.events.IntegrationEvent;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * Units of a SKU were ordered from the supplier: one event per line of a purchase order, with the supplier's answer.
 * Keyed by {@code purchaseOrderId}.
 *
 * <p>{@code quantity} is what was asked of the supplier. May be {@code null} (added within v1, absent from producers
 * before the backorder issue): {@code poNumber}, our purchase-order number (the supplier's idempotency key);
 * {@code outcome}, the supplier's answer to this line ({@value #CONFIRMED}, {@value #PARTIAL}: less or later than
 * asked, {@value #REJECTED}); {@code confirmedQuantity}, the units the supplier confirmed (0 when rejected);
 * {@code expectedShipAt}, the start (UTC) of the day the supplier expects to ship them (null when rejected).
 */
public record PurchaseOrderPlaced(
        UUID purchaseOrderId,
        String sku,
        int quantity,
        String supplierReference,
        String poNumber,
        String outcome,
        Integer confirmedQuantity,
        Instant expectedShipAt,
        Instant occurredAt) implements IntegrationEvent {

    public static final String CONFIRMED = "CONFIRMED";
    public static final String PARTIAL = "PARTIAL";
    public static final String REJECTED = "REJECTED";

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
        if (confirmedQuantity != null && (confirmedQuantity < 0 || confirmedQuantity > quantity)) {
            throw new IllegalArgumentException("confirmedQuantity must be within 0.." + quantity + ": " + confirmedQuantity);
        }
    }

    /** A line as producers before the supplier's answer was added wrote it. */
    public PurchaseOrderPlaced(UUID purchaseOrderId, String sku, int quantity, String supplierReference,
                               Instant occurredAt) {
        this(purchaseOrderId, sku, quantity, supplierReference, null, null, null, null, occurredAt);
    }

    @Override
    public String aggregateId() {
        return purchaseOrderId.toString();
    }
}
