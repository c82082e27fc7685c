package com.example.commerce.order.timeline;

import com.example.commerce.order.order.OrderStatus;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The append-only timeline of every order (table {@code order_timeline}). Every entry is written in the
 * transaction of the change it reports; once that commits, the waiters of the order on this instance are
 * woken ({@link OrderChanges}); those of other instances see it at their next re-read.
 */
@Component
public class Timeline {

    /** The source of the order's own steps. */
    public static final String ORDER_SERVICE = "order-service";

    private static final int DETAIL_MAX = 500;

    private static final RowMapper<TimelineEntry> ENTRY = (rs, row) -> new TimelineEntry(rs.getLong("id"),
            rs.getObject("order_id", UUID.class), rs.getTimestamp("at").toInstant(), rs.getString("step"),
            rs.getString("event_type"), rs.getString("source"), rs.getString("detail"), rs.getBoolean("applied"),
            rs.getString("status"));

    private final JdbcTemplate jdbc;
    private final OrderChanges changes;

    Timeline(JdbcTemplate jdbc, OrderChanges changes) {
        this.jdbc = jdbc;
        this.changes = changes;
    }

    /** Appends an entry, in the caller's transaction. */
    public void record(UUID orderId, Instant at, String step, String eventType, String source, String detail,
                       boolean applied, OrderStatus status) {
        String shortDetail = detail == null || detail.length() <= DETAIL_MAX ? detail : detail.substring(0, DETAIL_MAX);
        jdbc.update("""
                INSERT INTO order_timeline (order_id, at, step, event_type, source, detail, applied, status)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)""", orderId, Timestamp.from(at), step, eventType, source, shortDetail,
                applied, status.name());
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    changes.signal(orderId);
                }
            });
        } else {
            changes.signal(orderId);
        }
    }

    /** Every entry of an order, oldest first. */
    public List<TimelineEntry> of(UUID orderId) {
        return after(orderId, 0);
    }

    /** The entries of an order after entry {@code afterId}, oldest first. */
    public List<TimelineEntry> after(UUID orderId, long afterId) {
        return jdbc.query("SELECT * FROM order_timeline WHERE order_id = ? AND id > ? ORDER BY id", ENTRY, orderId,
                afterId);
    }

    /** The service that produced the events of {@code topic} ({@code payment.events} -> payment-service). */
    public static String sourceOf(String topic) {
        int dot = topic.indexOf('.');
        return (dot < 0 ? topic : topic.substring(0, dot)) + "-service";
    }
}
