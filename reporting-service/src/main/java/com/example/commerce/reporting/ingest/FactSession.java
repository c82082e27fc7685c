package com.example.commerce.reporting.ingest;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The order facts one transaction (one poll, or one record after a failed poll) works on, and the rollup deltas
 * of the events it saw. A fact is read and locked ({@code FOR UPDATE}) on first use, merged in memory by every
 * event of the transaction, and written back just before commit together with the rollups: each changed fact
 * moves them by its new contribution minus the one it had when it was read. Rollup rows are written in key
 * order, so concurrent transactions lock them in one order.
 */
public final class FactSession {

    private static final String COLUMNS = "order_id, customer_id, currency, placed_at, gross_minor, discount_minor, "
            + "total_minor, units, backordered_at, backorder_fulfilled_at, backorder_failed_at, confirmed_at, "
            + "cancel_requested_at, shipped_at, delivered_at, ended_at, end_state, end_reason, authorized_minor, "
            + "captured_minor, refunded_minor, declined_at, decline_reason";

    private record Loaded(OrderFact original, OrderFact current) {
    }

    private final JdbcTemplate jdbc;
    private final ModelTables tables;
    private final Map<UUID, Loaded> facts = new LinkedHashMap<>();
    private final Map<UUID, List<OrderFact.LineFact>> lines = new HashMap<>();
    private final RollupDeltas direct = new RollupDeltas();
    private final Map<String, List<Object[]>> writes = new LinkedHashMap<>();

    /**
     * The order ids the records of the poll being received are keyed by, set around an inbox call: a new session
     * creates and locks all their facts at once, in key order, so two polls of different topics never wait for
     * each other in a cycle and a poll needs two statements instead of one per order.
     */
    public static final ThreadLocal<Collection<UUID>> POLL_ORDERS = new ThreadLocal<>();

    private FactSession(JdbcTemplate jdbc, ModelTables tables) {
        this.jdbc = jdbc;
        this.tables = tables;
    }

    /** The session of the current transaction for {@code tables}, flushed before it commits. */
    static FactSession current(JdbcTemplate jdbc, ModelTables tables) {
        Object key = sessionKey(tables);
        FactSession session = (FactSession) TransactionSynchronizationManager.getResource(key);
        if (session != null) {
            return session;
        }
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            throw new IllegalStateException("the projection runs inside the inbox's transaction");
        }
        FactSession created = new FactSession(jdbc, tables);
        Collection<UUID> pollOrders = POLL_ORDERS.get();
        if (pollOrders != null && !pollOrders.isEmpty()) {
            created.preload(pollOrders);
        }
        TransactionSynchronizationManager.bindResource(key, created);
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void beforeCommit(boolean readOnly) {
                created.flush();
            }

            @Override
            public void afterCompletion(int status) {
                TransactionSynchronizationManager.unbindResourceIfPossible(key);
            }
        });
        return created;
    }

    private static Object sessionKey(ModelTables tables) {
        return FactSession.class.getName() + tables.suffix();
    }

    /** The order's fact, locked for this transaction (created empty when no event of it was seen yet). */
    OrderFact order(UUID orderId) {
        Loaded loaded = facts.get(orderId);
        if (loaded == null) {
            OrderFact read = select(orderId);
            if (read == null) {
                jdbc.update("INSERT INTO " + tables.table("order_fact") + " (order_id) VALUES (?) ON CONFLICT DO NOTHING",
                        orderId);
                read = select(orderId);
            }
            loaded = new Loaded(read.copy(), read);
            facts.put(orderId, loaded);
        }
        return loaded.current();
    }

    /** The lines of an order OrderPlaced listed, recorded once. */
    void lines(UUID orderId, List<OrderFact.LineFact> placed) {
        lines.put(orderId, placed);
        for (OrderFact.LineFact line : placed) {
            later("INSERT INTO " + tables.table("order_line_fact") + " (order_id, line_no, sku, quantity, unit_price_minor,"
                    + " currency) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING", orderId, line.lineNo(), line.sku(),
                    line.quantity(), line.unitPriceMinor(), line.currency());
        }
    }

    /**
     * A write whose effect does not depend on its order among the others (an insert that ignores a duplicate, an
     * upsert with commutative rules): kept, and sent with the others of its kind as one batch before commit.
     */
    void later(String sql, Object... arguments) {
        writes.computeIfAbsent(sql, s -> new ArrayList<>()).add(arguments);
    }

    private void preload(Collection<UUID> orderIds) {
        Object[] ids = orderIds.stream().distinct().toArray();
        jdbc.execute((java.sql.Connection connection) -> {
            java.sql.Array array = connection.createArrayOf("uuid", ids);
            try (PreparedStatement insert = connection.prepareStatement("INSERT INTO " + tables.table("order_fact")
                    + " (order_id) SELECT id FROM unnest(?::uuid[]) AS id ORDER BY id ON CONFLICT DO NOTHING");
                 PreparedStatement select = connection.prepareStatement("SELECT " + COLUMNS + " FROM "
                         + tables.table("order_fact") + " WHERE order_id = ANY(?) ORDER BY order_id FOR UPDATE")) {
                insert.setArray(1, array);
                insert.executeUpdate();
                select.setArray(1, array);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        OrderFact read = read(rows);
                        facts.put(read.orderId, new Loaded(read.copy(), read));
                    }
                }
                return null;
            } finally {
                array.free();
            }
        });
    }

    /** Counters an event adds by itself (cart activity, payment operations, compensations, stock-outs). */
    RollupDeltas direct() {
        return direct;
    }

    private OrderFact select(UUID orderId) {
        List<OrderFact> found = jdbc.query("SELECT " + COLUMNS + " FROM " + tables.table("order_fact")
                + " WHERE order_id = ? FOR UPDATE", (row, n) -> read(row), orderId);
        return found.isEmpty() ? null : found.getFirst();
    }

    private void flush() {
        writes.forEach(jdbc::batchUpdate);
        RollupDeltas deltas = new RollupDeltas();
        deltas.addAll(direct, 1);
        List<OrderFact> changed = new ArrayList<>();
        List<UUID> needLines = new ArrayList<>();
        for (Loaded loaded : facts.values()) {
            if (!same(loaded.original(), loaded.current())) {
                changed.add(loaded.current());
                if (!lines.containsKey(loaded.current().orderId)
                        && (loaded.original().placed() || loaded.current().placed())) {
                    needLines.add(loaded.current().orderId);
                }
            }
        }
        loadLines(needLines);
        for (OrderFact fact : changed) {
            List<OrderFact.LineFact> orderLines = lines.getOrDefault(fact.orderId, List.of());
            Loaded loaded = facts.get(fact.orderId);
            deltas.addAll(loaded.original().contribution(orderLines), -1);
            deltas.addAll(loaded.current().contribution(orderLines), 1);
        }
        writeFacts(changed);
        deltas.rows().forEach((rollup, rows) -> jdbc.batchUpdate(rollup.upsert(tables), rows));
    }

    private void loadLines(List<UUID> orderIds) {
        if (orderIds.isEmpty()) {
            return;
        }
        jdbc.query(connection -> {
            PreparedStatement query = connection.prepareStatement("SELECT order_id, line_no, sku, quantity, unit_price_minor,"
                    + " currency FROM " + tables.table("order_line_fact") + " WHERE order_id = ANY(?) ORDER BY order_id, line_no");
            query.setArray(1, connection.createArrayOf("uuid", orderIds.toArray()));
            return query;
        }, (ResultSet row) -> {
            lines.computeIfAbsent(row.getObject(1, UUID.class), id -> new ArrayList<>()).add(new OrderFact.LineFact(
                    row.getInt(2), row.getString(3), row.getInt(4), row.getLong(5), row.getString(6)));
        });
    }

    private void writeFacts(List<OrderFact> changed) {
        if (changed.isEmpty()) {
            return;
        }
        jdbc.batchUpdate("UPDATE " + tables.table("order_fact") + " SET customer_id = ?, currency = ?, placed_at = ?,"
                + " gross_minor = ?, discount_minor = ?, total_minor = ?, units = ?, backordered_at = ?,"
                + " backorder_fulfilled_at = ?, backorder_failed_at = ?, confirmed_at = ?, cancel_requested_at = ?,"
                + " shipped_at = ?, delivered_at = ?, ended_at = ?, end_state = ?, end_reason = ?, authorized_minor = ?,"
                + " captured_minor = ?, refunded_minor = ?, declined_at = ?, decline_reason = ? WHERE order_id = ?",
                changed, changed.size(), (statement, fact) -> {
                    int i = 1;
                    statement.setObject(i++, fact.customerId);
                    statement.setString(i++, fact.currency);
                    time(statement, i++, fact.placedAt);
                    statement.setLong(i++, fact.grossMinor);
                    statement.setLong(i++, fact.discountMinor);
                    statement.setLong(i++, fact.totalMinor);
                    statement.setInt(i++, fact.units);
                    time(statement, i++, fact.backorderedAt);
                    time(statement, i++, fact.backorderFulfilledAt);
                    time(statement, i++, fact.backorderFailedAt);
                    time(statement, i++, fact.confirmedAt);
                    time(statement, i++, fact.cancelRequestedAt);
                    time(statement, i++, fact.shippedAt);
                    time(statement, i++, fact.deliveredAt);
                    time(statement, i++, fact.endedAt);
                    statement.setString(i++, fact.endState);
                    statement.setString(i++, fact.endReason);
                    statement.setLong(i++, fact.authorizedMinor);
                    statement.setLong(i++, fact.capturedMinor);
                    statement.setLong(i++, fact.refundedMinor);
                    time(statement, i++, fact.declinedAt);
                    statement.setString(i++, fact.declineReason);
                    statement.setObject(i, fact.orderId);
                });
    }

    private static void time(PreparedStatement statement, int index, Instant at) throws SQLException {
        if (at == null) {
            statement.setNull(index, Types.TIMESTAMP_WITH_TIMEZONE);
        } else {
            statement.setTimestamp(index, Timestamp.from(at));
        }
    }

    private static Instant instant(ResultSet row, String column) throws SQLException {
        Timestamp at = row.getTimestamp(column);
        return at == null ? null : at.toInstant();
    }

    private static OrderFact read(ResultSet row) throws SQLException {
        OrderFact fact = new OrderFact(row.getObject("order_id", UUID.class));
        fact.customerId = row.getObject("customer_id", UUID.class);
        fact.currency = row.getString("currency");
        fact.placedAt = instant(row, "placed_at");
        fact.grossMinor = row.getLong("gross_minor");
        fact.discountMinor = row.getLong("discount_minor");
        fact.totalMinor = row.getLong("total_minor");
        fact.units = row.getInt("units");
        fact.backorderedAt = instant(row, "backordered_at");
        fact.backorderFulfilledAt = instant(row, "backorder_fulfilled_at");
        fact.backorderFailedAt = instant(row, "backorder_failed_at");
        fact.confirmedAt = instant(row, "confirmed_at");
        fact.cancelRequestedAt = instant(row, "cancel_requested_at");
        fact.shippedAt = instant(row, "shipped_at");
        fact.deliveredAt = instant(row, "delivered_at");
        fact.endedAt = instant(row, "ended_at");
        fact.endState = row.getString("end_state");
        fact.endReason = row.getString("end_reason");
        fact.authorizedMinor = row.getLong("authorized_minor");
        fact.capturedMinor = row.getLong("captured_minor");
        fact.refundedMinor = row.getLong("refunded_minor");
        fact.declinedAt = instant(row, "declined_at");
        fact.declineReason = row.getString("decline_reason");
        return fact;
    }

    private static boolean same(OrderFact a, OrderFact b) {
        return java.util.Objects.equals(a.customerId, b.customerId) && java.util.Objects.equals(a.currency, b.currency)
                && java.util.Objects.equals(a.placedAt, b.placedAt) && a.grossMinor == b.grossMinor
                && a.discountMinor == b.discountMinor && a.totalMinor == b.totalMinor && a.units == b.units
                && java.util.Objects.equals(a.backorderedAt, b.backorderedAt)
                && java.util.Objects.equals(a.backorderFulfilledAt, b.backorderFulfilledAt)
                && java.util.Objects.equals(a.backorderFailedAt, b.backorderFailedAt)
                && java.util.Objects.equals(a.confirmedAt, b.confirmedAt)
                && java.util.Objects.equals(a.cancelRequestedAt, b.cancelRequestedAt)
                && java.util.Objects.equals(a.shippedAt, b.shippedAt)
                && java.util.Objects.equals(a.deliveredAt, b.deliveredAt)
                && java.util.Objects.equals(a.endedAt, b.endedAt) && java.util.Objects.equals(a.endState, b.endState)
                && java.util.Objects.equals(a.endReason, b.endReason) && a.authorizedMinor == b.authorizedMinor
                && a.capturedMinor == b.capturedMinor && a.refundedMinor == b.refundedMinor
                && java.util.Objects.equals(a.declinedAt, b.declinedAt)
                && java.util.Objects.equals(a.declineReason, b.declineReason);
    }
}
