package com.example.commerce.inventory.reservation;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An order's reservation as stored: its state, why it ended, its lines (per SKU) and when it expires. */
public record Reservation(UUID orderId, ReservationStatus status, String reason, List<Line> lines,
                          Instant expiresAt, boolean pinned, Instant createdAt, Instant updatedAt) {

    /** Units of one SKU the order asked for. */
    public record Line(String sku, int quantity) {
    }
}
