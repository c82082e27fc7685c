package com.example.commerce.backorder.backorder;

import com.example.commerce.backorder.allocation.Allocation;
import com.example.commerce.backorder.catalogue.SupplierCatalogue;
import com.example.commerce.backorder.purchasing.PurchaseOrders;
import com.example.commerce.events.backorder.BackorderCreated;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What each waiting order lacks. An order backordered records one WAITING backorder per short SKU (the whole
 * quantity of its line: inventory holds nothing for a backordered order), adds it to its supplier's batching
 * purchase order and publishes BackorderCreated, once per order whatever is redelivered. A SKU nobody supplies fails
 * the order at once (BackorderFailed). A cancelled order's waiting backorders are CANCELLED and the units they held
 * go to the next in line.
 */
@Service
public class BackorderBook {

    private static final Logger log = LoggerFactory.getLogger(BackorderBook.class);

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final SupplierCatalogue catalogue;
    private final PurchaseOrders purchaseOrders;
    private final WaitingOrders waiting;
    private final Allocation allocation;
    private final Clock clock;

    BackorderBook(JdbcTemplate jdbc, Outbox outbox, SupplierCatalogue catalogue, PurchaseOrders purchaseOrders,
                  WaitingOrders waiting, Allocation allocation, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.catalogue = catalogue;
        this.purchaseOrders = purchaseOrders;
        this.waiting = waiting;
        this.allocation = allocation;
        this.clock = clock;
    }

    /** @return whether the order was new here (false: known already, nothing changed) */
    @Transactional
    public boolean record(OrderBackordered backordered) {
        Instant now = clock.instant();
        List<Shortage> shortages = backordered.shortages().stream().sorted(Comparator.comparing(Shortage::sku)).toList();
        allocation.lockPools(shortages.stream().map(Shortage::sku).toList());
        Map<String, OrderLine> lines = backordered.lines() == null ? Map.of()
                : backordered.lines().stream().collect(Collectors.toMap(OrderLine::sku, Function.identity(), (a, b) -> a));
        List<String> unsupplied = new ArrayList<>();
        boolean recorded = false;
        for (Shortage shortage : shortages) {
            OrderLine line = lines.get(shortage.sku());
            if (line == null) {
                log.warn("order {} backordered {} without its line: no unit price to hand back", backordered.orderId(),
                        shortage.sku());
            }
            UUID id = Uuids.v7();
            int inserted = jdbc.update("""
                    INSERT INTO backorder (id, order_id, sku, quantity, status, backordered_at, created_at, updated_at,
                                           unit_price_amount, unit_price_currency)
                    VALUES (?, ?, ?, ?, 'WAITING', ?, ?, ?, ?, ?) ON CONFLICT (order_id, sku) DO NOTHING""",
                    id, backordered.orderId(), shortage.sku(), shortage.requested(), Timestamp.from(now),
                    Timestamp.from(now), Timestamp.from(now), line == null ? null : line.unitPrice().amountMinor(),
                    line == null ? null : line.unitPrice().currency());
            if (inserted == 0) {
                continue;
            }
            recorded = true;
            var supplied = catalogue.find(shortage.sku());
            if (supplied.isEmpty()) {
                unsupplied.add(shortage.sku());
                continue;
            }
            UUID purchaseOrder = purchaseOrders.addToBatch(supplied.get(), shortage.requested(), now);
            jdbc.update("UPDATE backorder SET purchase_order_id = ? WHERE id = ?", purchaseOrder, id);
        }
        if (!recorded) {
            return false;
        }
        outbox.publish(new BackorderCreated(backordered.orderId(), backordered.shortages(), now));
        if (!unsupplied.isEmpty()) {
            waiting.fail(List.of(backordered.orderId()), "no supplier supplies " + String.join(", ", unsupplied), now);
        }
        return true;
    }

    /**
     * The order was cancelled (by the customer, a deadline, or because its backorder failed): its waiting backorders
     * are CANCELLED and what they held goes to the next in line. An order not waiting here changes nothing.
     *
     * @return the orders fulfilled with the units it gave up
     */
    @Transactional
    public List<UUID> cancel(OrderCancelled cancelled) {
        List<String> skus = jdbc.queryForList("SELECT sku FROM backorder WHERE order_id = ? AND status = 'WAITING'",
                String.class, cancelled.orderId());
        if (skus.isEmpty()) {
            return List.of();
        }
        Instant now = clock.instant();
        allocation.lockPools(skus);
        int rows = jdbc.update("""
                UPDATE backorder SET status = 'CANCELLED', status_reason = ?, updated_at = ?, version = version + 1
                WHERE order_id = ? AND status = 'WAITING'""",
                "order cancelled: " + cancelled.reason(), Timestamp.from(now), cancelled.orderId());
        return rows == 0 ? List.of() : allocation.allocate(skus, now);
    }
}
