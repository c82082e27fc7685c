package com.example.commerce.inventory.stock;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.UUID;
import org.hibernate.annotations.Immutable;

/** One change of a SKU's on-hand stock: who made it, why, by how much, what it left. Never changed. */
@Entity
@Immutable
@Table(name = "stock_movement")
public class StockMovement {

    /**
     * SET and ADJUST: an operator's change of on-hand stock. RESERVE, RELEASE and COMMIT: an order's
     * reservation (delta: the change of reserved units for RESERVE and RELEASE, of on-hand units for COMMIT).
     */
    public enum Kind { SET, ADJUST, RESERVE, RELEASE, COMMIT, RESTOCK }

    @Id
    private UUID id;

    @Column(nullable = false, length = 64)
    private String sku;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false, length = 20)
    private Kind kind;

    @Column(nullable = false)
    private int delta;

    @Column(name = "on_hand_after", nullable = false)
    private int onHandAfter;

    @Column(nullable = false, length = 500)
    private String reason;

    @Column(nullable = false, length = 200)
    private String actor;

    @Column(name = "occurred_at", nullable = false)
    private Instant occurredAt;

    /** The order of a RESERVE, RELEASE or COMMIT; null for an operator's change. */
    @Column(name = "order_id")
    private UUID orderId;

    protected StockMovement() {
    }

    StockMovement(UUID id, String sku, Kind kind, int delta, int onHandAfter, String reason, String actor,
                  Instant occurredAt) {
        this.id = id;
        this.sku = sku;
        this.kind = kind;
        this.delta = delta;
        this.onHandAfter = onHandAfter;
        this.reason = reason;
        this.actor = actor;
        this.occurredAt = occurredAt;
    }

    public UUID id() {
        return id;
    }

    public String sku() {
        return sku;
    }

    public Kind kind() {
        return kind;
    }

    public int delta() {
        return delta;
    }

    public int onHandAfter() {
        return onHandAfter;
    }

    public String reason() {
        return reason;
    }

    public String actor() {
        return actor;
    }

    public Instant occurredAt() {
        return occurredAt;
    }

    public UUID orderId() {
        return orderId;
    }
}
