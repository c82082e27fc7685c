package com.example.commerce.shipping.shipment;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A shipment on the wire, with its tracking history oldest first. */
public record ShipmentView(UUID id, UUID orderId, ShipmentStatus status, String courier, String trackingNumber,
                           List<Entry> history) {

    /** One line of the tracking history. */
    public record Entry(String status, Instant at, String description) {
    }
}
