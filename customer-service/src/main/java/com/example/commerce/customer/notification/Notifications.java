package com.example.commerce.customer.notification;

import com.example.commerce.events.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The notification rows and what customer-service keeps of orders for them ({@code customer_order},
 * {@code sku_eta}). Plain JDBC: these are append-or-upsert rows without a state machine worth an entity.
 */
@Repository
class Notifications {

    /** How an email goes out: its row, the order it is about, and the customer (null: not known yet). */
    record Delivery(Notification notification, UUID customerId, String email, String displayName, String language,
                    boolean erased, Money captured) {
    }

    record Notification(UUID id, UUID orderId, NotificationKind kind, String details, String status,
                        String messageId, int attempts) {
    }

    record Shipment(String courier, String trackingNumber) {
    }

    private final JdbcTemplate jdbc;

    Notifications(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    void rememberOrder(UUID orderId, UUID customerId, Money total, Instant placedAt) {
        jdbc.update("""
                INSERT INTO customer_order (order_id, customer_id, total_minor, currency, placed_at)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET customer_id = excluded.customer_id,
                    total_minor = excluded.total_minor, currency = excluded.currency, placed_at = excluded.placed_at
                WHERE customer_order.customer_id IS NULL""",
                orderId, customerId, total.amountMinor(), total.currency(), Timestamp.from(placedAt));
    }

    void rememberShipment(UUID orderId, String courier, String trackingNumber) {
        jdbc.update("""
                INSERT INTO customer_order (order_id, courier, tracking_number) VALUES (?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET courier = excluded.courier,
                    tracking_number = coalesce(excluded.tracking_number, customer_order.tracking_number)""",
                orderId, courier, trackingNumber);
    }

    void rememberCapture(UUID orderId, Money amount) {
        jdbc.update("""
                INSERT INTO customer_order (order_id, captured_minor, currency) VALUES (?, ?, ?)
                ON CONFLICT (order_id) DO UPDATE SET captured_minor = excluded.captured_minor""",
                orderId, amount.amountMinor(), amount.currency());
    }

    /** A supplier's later answer for a SKU replaces an earlier one. */
    void rememberEta(String sku, Instant expectedShipAt, Instant answeredAt) {
        jdbc.update("""
                INSERT INTO sku_eta (sku, expected_ship_at, answered_at) VALUES (?, ?, ?)
                ON CONFLICT (sku) DO UPDATE SET expected_ship_at = excluded.expected_ship_at,
                                                answered_at = excluded.answered_at
                WHERE sku_eta.answered_at <= excluded.answered_at""",
                sku, Timestamp.from(expectedShipAt), Timestamp.from(answeredAt));
    }

    Optional<Shipment> shipment(UUID orderId) {
        return jdbc.query("SELECT courier, tracking_number FROM customer_order WHERE order_id = ? AND courier IS NOT NULL",
                (rs, i) -> new Shipment(rs.getString(1), rs.getString(2)), orderId).stream().findFirst();
    }

    Map<String, Instant> etas(Collection<String> skus) {
        Map<String, Instant> etas = new java.util.HashMap<>();
        if (skus.isEmpty()) {
            return etas;
        }
        jdbc.query("SELECT sku, expected_ship_at FROM sku_eta WHERE sku = ANY (?)",
                rs -> {
                    etas.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }, (Object) skus.toArray(String[]::new));
        return etas;
    }

    /** @return whether the row is new (false: that order's email of that kind was asked for before) */
    boolean add(UUID orderId, NotificationKind kind, String details, String messageId, Instant now) {
        return jdbc.update("""
                INSERT INTO notification (id, order_id, kind, details, status, message_id, customer_id, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'PENDING', ?, (SELECT customer_id FROM customer_order WHERE order_id = ?), ?, ?)
                ON CONFLICT (order_id, kind) DO NOTHING""",
                UUID.randomUUID(), orderId, kind.name(), details, messageId, orderId, Timestamp.from(now),
                Timestamp.from(now)) == 1;
    }

    /** The email and whom it goes to, as they stand now. */
    Optional<Delivery> delivery(UUID orderId, NotificationKind kind) {
        List<Delivery> rows = jdbc.query("""
                SELECT n.*, o.customer_id AS order_customer, o.captured_minor, o.currency AS order_currency, c.email,
                       c.display_name, c.language AS customer_language, c.status AS customer_status
                FROM notification n
                LEFT JOIN customer_order o ON o.order_id = n.order_id
                LEFT JOIN customer c ON c.id = o.customer_id
                WHERE n.order_id = ? AND n.kind = ?""", (rs, i) -> delivery(rs), orderId, kind.name());
        return rows.stream().findFirst();
    }

    private static Delivery delivery(ResultSet rs) throws SQLException {
        Notification notification = new Notification(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                NotificationKind.valueOf(rs.getString("kind")), rs.getString("details"), rs.getString("status"),
                rs.getString("message_id"), rs.getInt("attempts"));
        String customerStatus = rs.getString("customer_status");
        long captured = rs.getLong("captured_minor");
        Money capturedMoney = rs.wasNull() ? null : new Money(captured, rs.getString("order_currency"));
        return new Delivery(notification, rs.getObject("order_customer", UUID.class), rs.getString("email"),
                rs.getString("display_name"), rs.getString("customer_language"),
                customerStatus == null || "ERASED".equals(customerStatus), capturedMoney);
    }

    /** Records an attempt's outcome on a PENDING row; false when the row is no longer PENDING. */
    boolean finish(UUID id, String status, UUID customerId, String language, String error, Instant now) {
        return jdbc.update("""
                UPDATE notification SET status = ?, customer_id = coalesce(?, customer_id), language = ?,
                       attempts = attempts + 1, last_error = ?, updated_at = ?, sent_at = ?
                WHERE id = ? AND status = 'PENDING'""",
                status, customerId, language, error, Timestamp.from(now),
                "SENT".equals(status) ? Timestamp.from(now) : null, id) == 1;
    }

    /** Records an attempt that will be tried again. */
    boolean attemptFailed(UUID id, UUID customerId, String error, Instant now) {
        return jdbc.update("""
                UPDATE notification SET attempts = attempts + 1, last_error = ?, customer_id = coalesce(?, customer_id),
                       updated_at = ?
                WHERE id = ? AND status = 'PENDING'""", error, customerId, Timestamp.from(now), id) == 1;
    }

    /** Marks a row SUPPRESSED without an attempt (the customer is erased). */
    boolean suppress(UUID id, UUID customerId, Instant now) {
        return jdbc.update("""
                UPDATE notification SET status = 'SUPPRESSED', customer_id = coalesce(?, customer_id), updated_at = ?
                WHERE id = ? AND status = 'PENDING'""", customerId, Timestamp.from(now), id) == 1;
    }

    /**
     * An erased customer's rows: what was still to be sent is SUPPRESSED, and every row loses the mail server's
     * answers (which may have quoted the address).
     */
    int forget(UUID customerId, Instant now) {
        return jdbc.update("""
                UPDATE notification SET status = CASE WHEN status = 'PENDING' THEN 'SUPPRESSED' ELSE status END,
                       last_error = NULL, updated_at = ?
                WHERE customer_id = ? OR order_id IN (SELECT order_id FROM customer_order WHERE customer_id = ?)""",
                Timestamp.from(now), customerId, customerId);
    }
}
