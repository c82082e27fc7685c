package com.example.commerce.backorder.allocation;

import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.starter.outbox.Outbox;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Received units go to the waiting orders first come, first served (by the time each was backordered), whole orders
 * only: an order is fulfilled (its lines ALLOCATED, BackorderFulfilled) only when every SKU it waits for has the
 * units for it. An earlier order that cannot be served whole yet keeps the units it would take (they wait for the
 * rest of its order) rather than losing them to a later one. Units nobody waiting claims are released: they stay on
 * sale in inventory, which restocked them on SupplierShipmentReceived. Per SKU, {@code sku_pool} keeps
 * received = allocated + released + held for earlier waiting orders.
 *
 * <p>Runs inside the caller's transaction. Locks the pool rows of every SKU concerned in SKU order first, then the
 * backorder rows of the orders concerned (order id, SKU order), as every other writer of them does
 * ({@code BackorderBook}), so a cancel racing an arrival waits for it (or it for the cancel) and never deadlocks.
 */
@Component
public class Allocation {

    private final JdbcTemplate jdbc;
    private final Outbox outbox;

    Allocation(JdbcTemplate jdbc, Outbox outbox) {
        this.jdbc = jdbc;
        this.outbox = outbox;
    }

    /** Books {@code quantity} received units of a SKU into its pool. */
    public void receive(String sku, int quantity) {
        jdbc.update("""
                INSERT INTO sku_pool (sku, received) VALUES (?, ?)
                ON CONFLICT (sku) DO UPDATE SET received = sku_pool.received + EXCLUDED.received""", sku, quantity);
    }

    /** Locks the pool rows of {@code skus} (creating empty ones), in SKU order; the first lock of every writer. */
    public void lockPools(Collection<String> skus) {
        for (String sku : new TreeSet<>(skus)) {
            jdbc.update("INSERT INTO sku_pool (sku) VALUES (?) ON CONFLICT (sku) DO NOTHING", sku);
        }
        if (!skus.isEmpty()) {
            jdbc.queryForList("SELECT sku FROM sku_pool WHERE sku = ANY (?) ORDER BY sku FOR UPDATE", String.class,
                    (Object) new TreeSet<>(skus).toArray(String[]::new));
        }
    }

    /**
     * Hands the free units of {@code skus} to the waiting orders, first backordered first, and releases what nobody
     * waiting claims.
     *
     * @return the orders fulfilled, in the order served
     */
    public List<UUID> allocate(Collection<String> skus, Instant now) {
        if (skus.isEmpty()) {
            return List.of();
        }
        String[] arrivals = new TreeSet<>(skus).toArray(String[]::new);
        List<UUID> orders = jdbc.queryForList("""
                SELECT order_id FROM backorder WHERE status = 'WAITING'
                  AND order_id IN (SELECT order_id FROM backorder WHERE sku = ANY (?) AND status = 'WAITING')
                GROUP BY order_id ORDER BY MIN(backordered_at), order_id""", UUID.class, (Object) arrivals);
        TreeSet<String> concerned = new TreeSet<>(List.of(arrivals));
        if (!orders.isEmpty()) {
            concerned.addAll(jdbc.queryForList("SELECT DISTINCT sku FROM backorder WHERE order_id = ANY (?) AND status = 'WAITING'",
                    String.class, (Object) orders.toArray(UUID[]::new)));
        }
        lockPools(concerned);
        Map<String, Integer> free = new HashMap<>();
        jdbc.query("SELECT sku, received - allocated - released FROM sku_pool WHERE sku = ANY (?)",
                rs -> { free.put(rs.getString(1), rs.getInt(2)); }, (Object) concerned.toArray(String[]::new));
        List<UUID> fulfilled = new ArrayList<>();
        for (UUID orderId : orders) {
            Map<String, Line> lines = waitingLines(orderId);
            if (lines.isEmpty()) {
                continue;
            }
            boolean whole = lines.values().stream().allMatch(line -> free.getOrDefault(line.sku(), 0) >= line.quantity());
            for (Line line : lines.values()) {
                free.merge(line.sku(), -Math.min(free.getOrDefault(line.sku(), 0), line.quantity()), Integer::sum);
            }
            if (whole) {
                fulfil(orderId, lines.values(), now);
                fulfilled.add(orderId);
            }
        }
        for (String sku : arrivals) {
            int unclaimed = free.getOrDefault(sku, 0);
            if (unclaimed > 0) {
                jdbc.update("UPDATE sku_pool SET released = released + ? WHERE sku = ?", unclaimed, sku);
            }
        }
        return fulfilled;
    }

    private void fulfil(UUID orderId, Collection<Line> lines, Instant now) {
        for (Line line : lines) {
            jdbc.update("UPDATE sku_pool SET allocated = allocated + ? WHERE sku = ?", line.quantity(), line.sku());
        }
        jdbc.update("""
                UPDATE backorder SET status = 'ALLOCATED', updated_at = ?, version = version + 1
                WHERE order_id = ? AND status = 'WAITING'""", Timestamp.from(now), orderId);
        outbox.publish(new BackorderFulfilled(orderId, lines.stream()
                .map(line -> new OrderLine(line.sku(), line.quantity(), line.unitPrice())).toList(), now));
    }

    private Map<String, Line> waitingLines(UUID orderId) {
        Map<String, Line> lines = new LinkedHashMap<>();
        jdbc.query("""
                SELECT sku, quantity, unit_price_amount, unit_price_currency FROM backorder
                WHERE order_id = ? AND status = 'WAITING' ORDER BY sku FOR UPDATE""", rs -> {
            String currency = rs.getString(4);
            lines.put(rs.getString(1), new Line(rs.getString(1), rs.getInt(2),
                    new Money(rs.getLong(3), currency == null ? "EUR" : currency.trim())));
        }, orderId);
        return lines;
    }

    private record Line(String sku, int quantity, Money unitPrice) {
    }
}
