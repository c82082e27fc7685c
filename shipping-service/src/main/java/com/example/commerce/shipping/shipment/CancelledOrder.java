package com.example.commerce.shipping.shipment;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/** A tombstone: an order cancelled before shipping heard of its confirmation; its OrderConfirmed books nothing. */
@Entity
@Table(name = "cancelled_order")
public class CancelledOrder {

    @Id
    @Column(name = "order_id")
    private UUID orderId;

    @Column(nullable = false, length = 60)
    private String reason;

    @Column(name = "cancelled_at", nullable = false)
    private Instant cancelledAt;

    @Column(name = "confirmation_ignored_at")
    private Instant confirmationIgnoredAt;

    protected CancelledOrder() {
    }

    public CancelledOrder(UUID orderId, String reason, Instant cancelledAt) {
        this.orderId = orderId;
        this.reason = reason;
        this.cancelledAt = cancelledAt;
    }

    public void confirmationIgnored(Instant at) {
        confirmationIgnoredAt = at;
    }
}
