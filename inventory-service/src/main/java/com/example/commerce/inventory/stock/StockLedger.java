package com.example.commerce.inventory.stock;

import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.inventory.StockReplenished;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * What reservations do to stock, under the row locks of the caller's transaction: lock SKUs in one fixed
 * order (sorted), move units between available and reserved, and let reserved units leave on-hand stock.
 * Every change is kept as a stock movement with the order id and published as StockLevelChanged through the
 * outbox, in the caller's transaction (it must run in one: {@link Propagation#MANDATORY}).
 *
 * <p>The updates are conditional as well as locked ({@code WHERE on_hand - reserved >= quantity}), and
 * PostgreSQL's CHECK constraints refuse a negative available or reserved count whatever happens above.
 */
@Component
@Transactional(propagation = Propagation.MANDATORY)
public class StockLedger {

    /** Who a reservation's stock movement names as its actor. */
    static final String ACTOR = "order-saga";

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final InventoryProperties properties;

    StockLedger(JdbcTemplate jdbc, Outbox outbox, InventoryProperties properties) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.properties = properties;
    }

    /** The counts of one SKU as the lock found them. */
    public record Level(String sku, int onHand, int reserved) {

        public int available() {
            return onHand - reserved;
        }
    }

    /**
     * Locks the stock rows of {@code skus} until the transaction ends, in SKU order (PostgreSQL locks the
     * rows as the sorted result returns them), so two transactions locking overlapping SKUs queue instead of
     * deadlocking.
     *
     * @return the levels of the SKUs that exist, by SKU, in SKU order; an unknown SKU is absent
     */
    public Map<String, Level> lockInOrder(Collection<String> skus) {
        Map<String, Level> levels = new LinkedHashMap<>();
        if (skus.isEmpty()) {
            return levels;
        }
        jdbc.query("SELECT sku, on_hand, reserved FROM stock_item WHERE sku = ANY(?) ORDER BY sku FOR UPDATE",
                row -> {
                    levels.put(row.getString(1), new Level(row.getString(1), row.getInt(2), row.getInt(3)));
                }, (Object) skus.toArray(String[]::new));
        return levels;
    }

    /**
     * Moves {@code quantity} units of {@code sku} from available to reserved for {@code orderId}.
     *
     * @return false (and nothing changed) when fewer units are available
     */
    public boolean reserve(String sku, int quantity, UUID orderId, Instant now) {
        List<Row> rows = jdbc.query("""
                UPDATE stock_item SET reserved = reserved + ?, version = version + 1, updated_at = ?
                WHERE sku = ? AND on_hand - reserved >= ?
                RETURNING on_hand, reserved, version""", Row.MAPPER, quantity, ts(now), sku, quantity);
        if (rows.isEmpty()) {
            return false;
        }
        recorded(sku, StockMovement.Kind.RESERVE, quantity, rows.getFirst(), "reserved for order " + orderId,
                orderId, now);
        return true;
    }

    /** Gives {@code quantity} reserved units of {@code sku} back to available stock. */
    public void release(String sku, int quantity, UUID orderId, String reason, Instant now) {
        Row row = single(jdbc.query("""
                UPDATE stock_item SET reserved = reserved - ?, version = version + 1, updated_at = ?
                WHERE sku = ? RETURNING on_hand, reserved, version""", Row.MAPPER, quantity, ts(now), sku), sku);
        recorded(sku, StockMovement.Kind.RELEASE, -quantity, row, "released for order " + orderId + ": " + reason,
                orderId, now);
    }

    /** {@code quantity} reserved units of {@code sku} left with the order's shipment: on hand and reserved drop. */
    public void commit(String sku, int quantity, UUID orderId, Instant now) {
        Row row = single(jdbc.query("""
                UPDATE stock_item SET reserved = reserved - ?, on_hand = on_hand - ?, shipped = shipped + ?,
                       version = version + 1, updated_at = ?
                WHERE sku = ? RETURNING on_hand, reserved, version""", Row.MAPPER, quantity, quantity, quantity,
                ts(now), sku), sku);
        recorded(sku, StockMovement.Kind.COMMIT, -quantity, row, "shipped with order " + orderId, orderId, now);
    }

    /**
     * A supplier delivered {@code quantity} units of {@code sku} for purchase order {@code purchaseOrderId}: on hand
     * grows (RESTOCK movement, StockLevelChanged, StockReplenished). The same receipt again changes nothing.
     *
     * @return whether it was new
     */
    public boolean restock(String sku, int quantity, UUID purchaseOrderId, Instant now) {
        if (jdbc.update("""
                INSERT INTO supplier_receipt (purchase_order_id, sku, quantity, received_at) VALUES (?, ?, ?, ?)
                ON CONFLICT (purchase_order_id, sku) DO NOTHING""", purchaseOrderId, sku, quantity, ts(now)) == 0) {
            return false;
        }
        jdbc.update("""
                INSERT INTO stock_item (sku, on_hand, reserved, shipped, updated_at, version)
                VALUES (?, 0, 0, 0, ?, 0) ON CONFLICT (sku) DO NOTHING""", sku, ts(now));
        Row row = single(jdbc.query("""
                UPDATE stock_item SET on_hand = on_hand + ?, version = version + 1, updated_at = ?
                WHERE sku = ? RETURNING on_hand, reserved, version""", Row.MAPPER, quantity, ts(now), sku), sku);
        recorded(sku, StockMovement.Kind.RESTOCK, quantity, row, "received from the supplier, purchase order "
                + purchaseOrderId, null, now);
        outbox.publish(new StockReplenished(sku, quantity, row.onHand() - row.reserved(), now));
        return true;
    }

    private void recorded(String sku, StockMovement.Kind kind, int delta, Row row, String reason, UUID orderId,
                          Instant now) {
        jdbc.update("""
                INSERT INTO stock_movement (id, sku, kind, delta, on_hand_after, reason, actor, occurred_at, order_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)""", Uuids.v7(), sku, kind.name(), delta, row.onHand(), reason,
                ACTOR, ts(now), orderId);
        int available = row.onHand() - row.reserved();
        // A commit leaves available as it was but changes on hand, which the event carries: publish it too.
        outbox.publish(new StockLevelChanged(sku, available, row.reserved(), row.onHand(),
                Availability.of(available, properties.lowStockThreshold()).name(), row.version(), now));
    }

    private static Row single(List<Row> rows, String sku) {
        if (rows.isEmpty()) {
            throw new IllegalStateException("No stock is kept for SKU " + sku + ", yet a reservation holds it");
        }
        return rows.getFirst();
    }

    private static OffsetDateTime ts(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private record Row(int onHand, int reserved, long version) {

        static final org.springframework.jdbc.core.RowMapper<Row> MAPPER =
                (rs, n) -> new Row(rs.getInt(1), rs.getInt(2), rs.getLong(3));
    }
}
