package com.example.commerce.inventory.reservation;

import com.example.commerce.events.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * The {@code reservation} and {@code reservation_line} tables. A reservation row is created once per order id
 * ({@code INSERT ... ON CONFLICT DO NOTHING}): whoever inserts it first decides what the order's reservation
 * is, and everyone after finds it and locks it.
 */
@Repository
class ReservationBook {

    private final JdbcTemplate jdbc;

    ReservationBook(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Starts the reservation of {@code orderId} as RESERVED unless the order has one (a tombstone, or the same
     * OrderPlaced processed before).
     *
     * @return whether it was created
     */
    boolean createReserved(UUID orderId, Instant expiresAt, UUID customerId, Money total, UUID paymentMethodId,
                           Instant now) {
        return jdbc.update("""
                INSERT INTO reservation (order_id, status, expires_at, customer_id, total_amount, total_currency,
                                         payment_method_id, created_at, updated_at, version)
                VALUES (?, 'RESERVED', ?, ?, ?, ?, ?, ?, ?, 0) ON CONFLICT (order_id) DO NOTHING""",
                orderId, ts(expiresAt), customerId, total == null ? null : total.amountMinor(),
                total == null ? null : total.currency(), paymentMethodId, ts(now), ts(now)) == 1;
    }

    /**
     * Keeps a RELEASED reservation without lines for {@code orderId} unless it has one: the order ended before
     * its OrderPlaced arrived, so that OrderPlaced reserves nothing.
     *
     * @return whether the tombstone was created
     */
    boolean createTombstone(UUID orderId, String reason, Instant now) {
        return jdbc.update("""
                INSERT INTO reservation (order_id, status, reason, created_at, updated_at, version)
                VALUES (?, 'RELEASED', ?, ?, ?, 0) ON CONFLICT (order_id) DO NOTHING""",
                orderId, reason, ts(now), ts(now)) == 1;
    }

    void addLines(UUID orderId, Map<String, Integer> lines, Map<String, Money> prices) {
        List<Object[]> rows = new ArrayList<>(lines.size());
        lines.forEach((sku, quantity) -> {
            Money price = prices.get(sku);
            rows.add(new Object[] {orderId, sku, quantity, price == null ? null : price.amountMinor(),
                    price == null ? null : price.currency()});
        });
        jdbc.batchUpdate("""
                INSERT INTO reservation_line (order_id, sku, quantity, unit_price_amount, unit_price_currency)
                VALUES (?, ?, ?, ?, ?)""", rows);
    }

    /** Who pays for a reservation, as its OrderPlaced said. */
    record Payer(UUID customerId, Money total, UUID paymentMethodId) {
    }

    /** A REFUSED reservation reserved after all (a backorder fulfilled): RESERVED until {@code expiresAt}. */
    Payer reserveAgain(UUID orderId, Instant expiresAt, Instant now) {
        jdbc.update("""
                UPDATE reservation SET status = 'RESERVED', reason = NULL, expires_at = ?, updated_at = ?,
                       version = version + 1 WHERE order_id = ?""", ts(expiresAt), ts(now), orderId);
        return jdbc.queryForObject("""
                SELECT customer_id, total_amount, total_currency, payment_method_id FROM reservation WHERE order_id = ?""",
                (rs, n) -> new Payer(rs.getObject(1, UUID.class),
                        rs.getObject(2) == null ? null : new Money(rs.getLong(2), rs.getString(3).trim()),
                        rs.getObject(4, UUID.class)), orderId);
    }

    /** A reservation line with the unit price its order placed it at (null when not known: placed before V4). */
    record PricedLine(String sku, int quantity, Money unitPrice) {
    }

    List<PricedLine> pricedLines(UUID orderId) {
        return jdbc.query("""
                SELECT sku, quantity, unit_price_amount, unit_price_currency FROM reservation_line WHERE order_id = ?
                ORDER BY sku""", (rs, n) -> new PricedLine(rs.getString(1), rs.getInt(2),
                        rs.getObject(3) == null ? null : new Money(rs.getLong(3), rs.getString(4).trim())), orderId);
    }

    /** The reservation of {@code orderId}, locked until the transaction ends. */
    Optional<Reservation> lock(UUID orderId) {
        return jdbc.query("SELECT * FROM reservation WHERE order_id = ? FOR UPDATE", (rs, n) -> row(rs), orderId)
                .stream().findFirst().map(this::withLines);
    }

    Optional<Reservation> find(UUID orderId) {
        return jdbc.query("SELECT * FROM reservation WHERE order_id = ?", (rs, n) -> row(rs), orderId)
                .stream().findFirst().map(this::withLines);
    }

    /** The SKUs the reservations of {@code orderIds} hold or asked for, sorted. */
    TreeSet<String> skusOf(Collection<UUID> orderIds) {
        TreeSet<String> skus = new TreeSet<>();
        if (!orderIds.isEmpty()) {
            jdbc.query("SELECT DISTINCT sku FROM reservation_line WHERE order_id = ANY(?::uuid[])",
                    rs -> {
                        skus.add(rs.getString(1));
                    }, (Object) ids(orderIds));
        }
        return skus;
    }

    /** The reservation leaves RESERVED; a REFUSED one never held stock, so it has no expiry either. */
    void end(UUID orderId, ReservationStatus status, String reason, Instant now) {
        jdbc.update("""
                UPDATE reservation SET status = ?, reason = ?, updated_at = ?, version = version + 1,
                       expires_at = CASE WHEN ? = 'REFUSED' THEN NULL ELSE expires_at END
                WHERE order_id = ?""", status.name(), reason, ts(now), status.name(), orderId);
    }

    /** @return whether a RESERVED, unpinned reservation was pinned */
    boolean pin(UUID orderId, Instant now) {
        return jdbc.update("""
                UPDATE reservation SET pinned = true, updated_at = ?, version = version + 1
                WHERE order_id = ? AND status = 'RESERVED' AND NOT pinned""", ts(now), orderId) == 1;
    }

    /** Up to {@code limit} RESERVED, unpinned reservations past their time, oldest first; not locked. */
    List<UUID> due(Instant now, int limit) {
        return jdbc.queryForList("""
                SELECT order_id FROM reservation WHERE status = 'RESERVED' AND NOT pinned AND expires_at <= ?
                ORDER BY expires_at LIMIT ?""", UUID.class, ts(now), limit);
    }

    /**
     * Of {@code orderIds}, those still RESERVED, unpinned and past their time, locked; those another
     * transaction holds are skipped (another instance is releasing them, or an event is changing them).
     */
    List<UUID> lockDue(Collection<UUID> orderIds, Instant now) {
        return jdbc.queryForList("""
                SELECT order_id FROM reservation WHERE order_id = ANY(?::uuid[]) AND status = 'RESERVED' AND NOT pinned
                AND expires_at <= ? ORDER BY order_id FOR UPDATE SKIP LOCKED""", UUID.class,
                ids(orderIds), ts(now));
    }

    private Reservation withLines(Reservation reservation) {
        List<Reservation.Line> lines = jdbc.query(
                "SELECT sku, quantity FROM reservation_line WHERE order_id = ? ORDER BY sku",
                (rs, n) -> new Reservation.Line(rs.getString(1), rs.getInt(2)), reservation.orderId());
        return new Reservation(reservation.orderId(), reservation.status(), reservation.reason(), lines,
                reservation.expiresAt(), reservation.pinned(), reservation.createdAt(), reservation.updatedAt());
    }

    private static Reservation row(ResultSet rs) throws SQLException {
        return new Reservation(rs.getObject("order_id", UUID.class),
                ReservationStatus.valueOf(rs.getString("status")), rs.getString("reason"), List.of(),
                instant(rs, "expires_at"), rs.getBoolean("pinned"), instant(rs, "created_at"),
                instant(rs, "updated_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    private static String[] ids(Collection<UUID> orderIds) {
        return orderIds.stream().map(UUID::toString).toArray(String[]::new);
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
