package com.example.commerce.backorder.backorder;

import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.starter.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The backorder rows of waiting orders, as the application services change them inside their transactions. An order
 * fails whole: every line still WAITING becomes FAILED and one BackorderFailed goes out; an order that is no longer
 * waiting changes nothing (a late or repeated cause is a no-op).
 */
@Component
public class WaitingOrders {

    private final JdbcTemplate jdbc;
    private final Outbox outbox;

    WaitingOrders(JdbcTemplate jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** Fails every order named, each once; returns how many were still waiting. */
    public int fail(Collection<UUID> orderIds, String reason, Instant now) {
        int failed = 0;
        for (UUID orderId : orderIds.stream().distinct().sorted().toList()) {
            int rows = jdbc.update("""
                    UPDATE backorder SET status = 'FAILED', status_reason = ?, updated_at = ?, version = version + 1
                    WHERE order_id = ? AND status = 'WAITING'""", truncate(reason), Timestamp.from(now), orderId);
            if (rows > 0) {
                outbox.publish(new BackorderFailed(orderId, reason, now));
                failed++;
            }
        }
        return failed;
    }

    /** The orders waiting for {@code sku} on purchase order {@code purchaseOrderId}, first backordered first. */
    public List<Waiting> waitingFor(UUID purchaseOrderId, String sku) {
        return jdbc.query("""
                SELECT order_id, quantity, backordered_at FROM backorder
                WHERE purchase_order_id = ? AND sku = ? AND status = 'WAITING'
                ORDER BY backordered_at, order_id""",
                (rs, i) -> new Waiting(rs.getObject(1, UUID.class), rs.getInt(2), rs.getTimestamp(3).toInstant()),
                purchaseOrderId, sku);
    }

    /** One waiting order's line on a purchase order. */
    public record Waiting(UUID orderId, int quantity, Instant backorderedAt) {
    }

    private static String truncate(String reason) {
        return reason.length() <= 300 ? reason : reason.substring(0, 300);
    }
}
