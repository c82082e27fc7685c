package com.example.commerce.shipping.shipment;

import com.example.commerce.starter.outbox.Uuids;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;

/**
 * One line of a shipment's tracking history (append-only): a status it reached, or something that happened
 * to it and changed nothing ({@code applied} false: a late callback, a cancel after dispatch).
 */
@Entity
@Table(name = "tracking_event")
public class TrackingEvent {

    @Id
    private UUID id;

    @Column(name = "shipment_id", nullable = false, updatable = false)
    private UUID shipmentId;

    @Column(nullable = false, length = 40, updatable = false)
    private String status;

    @Column(length = 500, updatable = false)
    private String description;

    @Column(name = "occurred_at", nullable = false, updatable = false)
    private Instant occurredAt;

    @Column(nullable = false, updatable = false)
    private boolean applied;

    /** Written by the database: the order in which lines were appended. */
    @Column(insertable = false, updatable = false)
    private Long seq;

    protected TrackingEvent() {
    }

    TrackingEvent(UUID shipmentId, String status, String description, Instant occurredAt, boolean applied) {
        this.id = Uuids.v7();
        this.shipmentId = shipmentId;
        this.status = status;
        this.description = description == null || description.length() <= 500 ? description
                : description.substring(0, 500);
        this.occurredAt = occurredAt;
        this.applied = applied;
    }

    public String status() {
        return status;
    }

    public String description() {
        return description;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public boolean applied() {
        return applied;
    }
}
