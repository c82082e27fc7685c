package com.example.commerce.backorder.purchasing;

import com.example.commerce.backorder.BackorderProperties;
import com.example.commerce.backorder.allocation.Allocation;
import com.example.commerce.backorder.backorder.WaitingOrders;
import com.example.commerce.backorder.catalogue.SupplierCatalogue;
import com.example.commerce.backorder.supplier.SupplierConfirmation;
import com.example.commerce.backorder.supplier.SupplierOrder;
import com.example.commerce.backorder.supplier.SupplierOrderStatus;
import com.example.commerce.events.backorder.PurchaseOrderPlaced;
import com.example.commerce.events.backorder.SupplierShipmentReceived;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.starter.work.WorkQueue;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Purchase orders from batching to receipt. Every step is one transaction that first locks the purchase order's row
 * and checks its status, so a repeated step (a work item run twice, a lease taken over) changes nothing. The supplier
 * is called between the steps, never inside one ({@link PlacePurchaseOrderWork}, {@link PollPurchaseOrderWork}).
 */
@Service
public class PurchaseOrders {

    static final String PLACE = "backorder.place-purchase-order";
    static final String POLL = "backorder.poll-purchase-order";

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final WorkQueue work;
    private final WaitingOrders waiting;
    private final Allocation allocation;
    private final BackorderProperties properties;
    private final Clock clock;

    PurchaseOrders(JdbcTemplate jdbc, Outbox outbox, WorkQueue work, WaitingOrders waiting, Allocation allocation,
                   BackorderProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.work = work;
        this.waiting = waiting;
        this.allocation = allocation;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Adds {@code quantity} of a SKU to its supplier's batching purchase order (opening one, due to be placed when
     * the batching window closes, if none is open), inside the caller's transaction. One line per SKU: its
     * {@code needed} grows, its {@code quantity} is needed raised to the supplier's minimum order quantity.
     *
     * @return the purchase order
     */
    public UUID addToBatch(SupplierCatalogue.SuppliedSku supplied, int quantity, Instant now) {
        UUID id = openBatch(supplied.supplierCode(), now);
        jdbc.update("""
                INSERT INTO purchase_order_line (purchase_order_id, line_number, sku, supplier_sku, needed, quantity)
                VALUES (?, (SELECT COALESCE(MAX(line_number), 0) + 1 FROM purchase_order_line WHERE purchase_order_id = ?),
                        ?, ?, ?, GREATEST(?, ?))
                ON CONFLICT (purchase_order_id, sku) DO UPDATE
                SET needed = purchase_order_line.needed + EXCLUDED.needed,
                    quantity = GREATEST(purchase_order_line.needed + EXCLUDED.needed, ?)""",
                id, id, supplied.sku(), supplied.supplierSku(), quantity, quantity, supplied.minOrderQuantity(),
                supplied.minOrderQuantity());
        jdbc.update("UPDATE purchase_order SET updated_at = ? WHERE id = ?", Timestamp.from(now), id);
        return id;
    }

    private UUID openBatch(String supplierCode, Instant now) {
        for (int attempt = 0; attempt < 2; attempt++) {
            List<UUID> open = jdbc.queryForList("""
                    SELECT id FROM purchase_order WHERE supplier_code = ? AND status = 'BATCHING' FOR UPDATE""",
                    UUID.class, supplierCode);
            if (!open.isEmpty()) {
                return open.getFirst();
            }
            UUID id = Uuids.v7();
            Instant closes = now.plus(properties.batchingWindow());
            int created = jdbc.update("""
                    INSERT INTO purchase_order (id, po_number, supplier_code, status, batch_closes_at, created_at, updated_at)
                    VALUES (?, ?, ?, 'BATCHING', ?, ?, ?)
                    ON CONFLICT (supplier_code) WHERE status = 'BATCHING' DO NOTHING""",
                    id, "PO-" + id.toString().replace("-", "").substring(0, 20).toUpperCase(), supplierCode,
                    Timestamp.from(closes), Timestamp.from(now), Timestamp.from(now));
            if (created == 1) {
                work.enqueue(PLACE, id.toString(), "{}", closes, 1_000);
                return id;
            }
        }
        throw new IllegalStateException("no batching purchase order for " + supplierCode);
    }

    /**
     * The batch closes: BATCHING becomes PLACING and the order to send is returned (again for PLACING: a retry asks
     * the supplier the same question). Empty when there is nothing to place any more (cancelled, already answered).
     */
    @Transactional
    public Optional<SupplierOrder> close(UUID id) {
        Optional<Row> row = lock(id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (row.get().status() == PurchaseOrderStatus.BATCHING) {
            jdbc.update("UPDATE purchase_order SET status = 'PLACING', updated_at = ? WHERE id = ?",
                    Timestamp.from(clock.instant()), id);
        } else if (row.get().status() != PurchaseOrderStatus.PLACING) {
            return Optional.empty();
        }
        List<SupplierOrder.Line> lines = jdbc.query("""
                SELECT line_number, supplier_sku, quantity FROM purchase_order_line WHERE purchase_order_id = ?
                ORDER BY line_number""", (rs, i) -> new SupplierOrder.Line(rs.getInt(1), rs.getString(2), rs.getInt(3)), id);
        return Optional.of(new SupplierOrder(row.get().poNumber(), lines));
    }

    /**
     * The supplier answered: each line's outcome and ETA recorded, one PurchaseOrderPlaced per line, PLACED (or
     * REJECTED: no line confirmed). The waiting orders a line cannot serve fail: a refused line, the part of a line
     * the supplier did not confirm (the latest backordered orders first), and orders whose wait would end before the
     * line's expected ship date. A placed order is then polled until it ships. Not PLACING any more: a no-op.
     */
    @Transactional
    public boolean recordConfirmation(UUID id, SupplierConfirmation confirmation) {
        Optional<Row> row = lock(id);
        if (row.isEmpty() || row.get().status() != PurchaseOrderStatus.PLACING) {
            return false;
        }
        Instant now = clock.instant();
        Map<Integer, String> skus = new HashMap<>();
        Map<Integer, Integer> quantities = new HashMap<>();
        jdbc.query("SELECT line_number, sku, quantity FROM purchase_order_line WHERE purchase_order_id = ?", rs -> {
            skus.put(rs.getInt(1), rs.getString(2));
            quantities.put(rs.getInt(1), rs.getInt(3));
        }, id);
        boolean anyConfirmed = false;
        for (SupplierConfirmation.Line line : confirmation.lines()) {
            String sku = skus.get(line.lineNumber());
            if (sku == null) {
                continue;
            }
            int confirmed = Math.min(line.confirmed(), quantities.get(line.lineNumber()));
            anyConfirmed |= confirmed > 0;
            jdbc.update("""
                    UPDATE purchase_order_line SET confirmed_quantity = ?, outcome = ?, expected_ship_date = ?, reason = ?
                    WHERE purchase_order_id = ? AND line_number = ?""",
                    confirmed, line.outcome().name(), line.expectedShipDate(), line.reason(), id, line.lineNumber());
            Instant eta = line.expectedShipDate() == null ? null
                    : line.expectedShipDate().atStartOfDay(ZoneOffset.UTC).toInstant();
            outbox.publish(new PurchaseOrderPlaced(id, sku, quantities.get(line.lineNumber()),
                    confirmation.supplierReference(), row.get().poNumber(), line.outcome().name(), confirmed, eta, now));
            failWhatTheLineCannotServe(id, sku, confirmed, line, now);
        }
        jdbc.update("""
                UPDATE purchase_order SET status = ?, supplier_reference = ?, placed_at = ?, updated_at = ? WHERE id = ?""",
                anyConfirmed ? "PLACED" : "REJECTED", confirmation.supplierReference(), Timestamp.from(now),
                Timestamp.from(now), id);
        if (anyConfirmed) {
            work.enqueue(POLL, id.toString(), "{}", now.plus(properties.pollInterval()), Integer.MAX_VALUE);
        }
        return true;
    }

    private void failWhatTheLineCannotServe(UUID id, String sku, int confirmed, SupplierConfirmation.Line line,
                                            Instant now) {
        List<WaitingOrders.Waiting> orders = waiting.waitingFor(id, sku);
        List<UUID> failed = new ArrayList<>();
        int left = confirmed;
        LocalDate eta = line.expectedShipDate();
        for (WaitingOrders.Waiting order : orders) {
            boolean tooLate = eta != null
                    && eta.atStartOfDay(ZoneOffset.UTC).toInstant().isAfter(order.backorderedAt().plus(properties.maxWait()));
            if (left >= order.quantity() && !tooLate) {
                left -= order.quantity();
            } else {
                failed.add(order.orderId());
            }
        }
        if (!failed.isEmpty()) {
            String why = confirmed == 0
                    ? "supplier rejected " + sku + (line.reason() == null ? "" : ": " + line.reason())
                    : "supplier confirmed " + confirmed + " of " + sku + " for " + eta + ", too few or too late";
            waiting.fail(failed, why, now);
        }
    }

    /** The poNumber of a placed purchase order to poll, or empty when there is nothing to wait for. */
    @Transactional(readOnly = true)
    public Optional<String> pollable(UUID id) {
        return find(id).filter(row -> row.status() == PurchaseOrderStatus.PLACED).map(Row::poNumber);
    }

    /**
     * The supplier shipped: each shipped line booked in, one SupplierShipmentReceived per line (inventory restocks
     * on it), RECEIVED, and the units allocated to the waiting orders. Not PLACED any more: a no-op.
     */
    @Transactional
    public boolean receive(UUID id, SupplierOrderStatus shipped) {
        Optional<Row> row = lock(id);
        if (row.isEmpty() || row.get().status() != PurchaseOrderStatus.PLACED) {
            return false;
        }
        Instant now = clock.instant();
        Set<String> received = new LinkedHashSet<>();
        for (SupplierOrderStatus.ShippedLine line : shipped.shipped()) {
            List<String> skus = jdbc.queryForList("""
                    UPDATE purchase_order_line SET received_quantity = received_quantity + ?
                    WHERE purchase_order_id = ? AND line_number = ? RETURNING sku""",
                    String.class, line.quantity(), id, line.lineNumber());
            if (skus.isEmpty() || line.quantity() <= 0) {
                continue;
            }
            outbox.publish(new SupplierShipmentReceived(id, skus.getFirst(), line.quantity(), now));
            allocation.receive(skus.getFirst(), line.quantity());
            received.add(skus.getFirst());
        }
        jdbc.update("""
                UPDATE purchase_order SET status = 'RECEIVED', received_at = ?, shipment_id = ?, updated_at = ? WHERE id = ?""",
                Timestamp.from(now), shipped.shipmentId(), Timestamp.from(now), id);
        allocation.allocate(received, now);
        return true;
    }

    /** The supplier ended a placed order itself (cancelled, refused, forgot it): it fails the orders waiting on it. */
    @Transactional
    public boolean endedAtSupplier(UUID id, SupplierOrderStatus.State state) {
        Optional<Row> row = lock(id);
        if (row.isEmpty() || row.get().status() != PurchaseOrderStatus.PLACED) {
            return false;
        }
        Instant now = clock.instant();
        jdbc.update("UPDATE purchase_order SET status = 'CANCELLED', updated_at = ? WHERE id = ?", Timestamp.from(now), id);
        waiting.fail(ordersWaitingOn(id), "the supplier reports purchase order " + row.get().poNumber() + " " + state, now);
        return true;
    }

    /**
     * An operator cancels: BATCHING or PLACING (not answered yet) or PLACED, after the supplier agreed (the caller
     * asked it first, outside this transaction). The orders waiting on it fail.
     *
     * @return the status it had, or empty when unknown
     */
    @Transactional
    public Optional<PurchaseOrderStatus> cancel(UUID id, String who) {
        Optional<Row> row = lock(id);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        if (!row.get().status().cancellable()) {
            return Optional.of(row.get().status());
        }
        Instant now = clock.instant();
        jdbc.update("UPDATE purchase_order SET status = 'CANCELLED', updated_at = ? WHERE id = ?", Timestamp.from(now), id);
        waiting.fail(ordersWaitingOn(id), "purchase order " + row.get().poNumber() + " cancelled by " + who, now);
        return Optional.of(row.get().status());
    }

    @Transactional(readOnly = true)
    public Optional<Row> find(UUID id) {
        return jdbc.query("SELECT id, po_number, status FROM purchase_order WHERE id = ?", Row.MAPPER, id)
                .stream().findFirst();
    }

    private List<UUID> ordersWaitingOn(UUID id) {
        return jdbc.queryForList("SELECT DISTINCT order_id FROM backorder WHERE purchase_order_id = ? AND status = 'WAITING'",
                UUID.class, id);
    }

    private Optional<Row> lock(UUID id) {
        return jdbc.query("SELECT id, po_number, status FROM purchase_order WHERE id = ? FOR UPDATE", Row.MAPPER, id)
                .stream().findFirst();
    }

    /** The parts of a purchase order's row the steps decide on. */
    public record Row(UUID id, String poNumber, PurchaseOrderStatus status) {
        static final org.springframework.jdbc.core.RowMapper<Row> MAPPER = (rs, i) -> new Row(
                rs.getObject(1, UUID.class), rs.getString(2), PurchaseOrderStatus.valueOf(rs.getString(3)));
    }
}
