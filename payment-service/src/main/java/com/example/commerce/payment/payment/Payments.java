package com.example.commerce.payment.payment;

import com.example.commerce.events.shared.Money;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The payment rows and their ledger of operations (plain SQL: the saga needs {@code ON CONFLICT} and row
 * locks, which say exactly what happens when two events of one order meet).
 */
@Repository
class Payments {

    private static final String PAYMENT_COLUMNS = """
            id, order_id, customer_id, payment_method_id, status, amount, currency, captured_amount, refunded_amount,
            provider_reference, decline_reason, cancel_requested, capture_requested, created_at, updated_at""";
    private static final String OPERATION_COLUMNS = """
            id, payment_id, order_id, kind, amount, currency, status, idempotency_key, provider_reference, failure_reason,
            sent, created_at, updated_at, attempt, actor, note""";

    private final JdbcClient jdbc;

    Payments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts {@code payment} unless the order has one already; tells whether it did. */
    boolean insert(Payment p) {
        return jdbc.sql("INSERT INTO payment (" + PAYMENT_COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
                        + " ON CONFLICT (order_id) DO NOTHING")
                .params(p.id, p.orderId, p.customerId, p.paymentMethodId, p.status.name(), p.amount, p.currency,
                        p.captured, p.refunded, p.providerReference, p.declineReason, p.cancelRequested,
                        p.captureRequested, ts(p.createdAt), ts(p.updatedAt))
                .update() == 1;
    }

    void update(Payment p) {
        jdbc.sql("""
                        UPDATE payment SET status = ?, captured_amount = ?, refunded_amount = ?, provider_reference = ?,
                        decline_reason = ?, cancel_requested = ?, capture_requested = ?, updated_at = ? WHERE id = ?""")
                .params(p.status.name(), p.captured, p.refunded, p.providerReference, p.declineReason,
                        p.cancelRequested, p.captureRequested, ts(p.updatedAt), p.id)
                .update();
    }

    Optional<Payment> lockByOrderId(UUID orderId) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE order_id = ? FOR UPDATE")
                .param(orderId).query(Payments::payment).optional();
    }

    Optional<Payment> lockById(UUID id) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE id = ? FOR UPDATE")
                .param(id).query(Payments::payment).optional();
    }

    List<Payment> page(UUID orderId, int limit, long offset) {
        return jdbc.sql("SELECT " + PAYMENT_COLUMNS + " FROM payment WHERE (CAST(? AS uuid) IS NULL OR order_id = ?)"
                        + " ORDER BY created_at DESC, id LIMIT ? OFFSET ?")
                .params(orderId, orderId, limit, offset).query(Payments::payment).list();
    }

    long count(UUID orderId) {
        return jdbc.sql("SELECT count(*) FROM payment WHERE (CAST(? AS uuid) IS NULL OR order_id = ?)")
                .params(orderId, orderId).query(Long.class).single();
    }

    boolean insert(Operation o) {
        return jdbc.sql("INSERT INTO payment_operation (" + OPERATION_COLUMNS + ")"
                        + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")
                .params(o.id, o.paymentId, o.orderId, o.kind.name(), o.amount, o.currency, o.status.name(),
                        o.idempotencyKey, o.providerReference, o.failureReason, o.sent, ts(o.createdAt),
                        ts(o.updatedAt), o.attempt, o.actor, o.note)
                .update() == 1;
    }

    void update(Operation o) {
        jdbc.sql("""
                        UPDATE payment_operation SET status = ?, provider_reference = ?, failure_reason = ?, sent = ?,
                        updated_at = ? WHERE id = ?""")
                .params(o.status.name(), o.providerReference, o.failureReason, o.sent, ts(o.updatedAt), o.id)
                .update();
    }

    Optional<Operation> operation(UUID id) {
        return jdbc.sql("SELECT " + OPERATION_COLUMNS + " FROM payment_operation WHERE id = ?")
                .param(id).query(Payments::operation).optional();
    }

    Optional<Operation> lockOperation(UUID id) {
        return jdbc.sql("SELECT " + OPERATION_COLUMNS + " FROM payment_operation WHERE id = ? FOR UPDATE")
                .param(id).query(Payments::operation).optional();
    }

    /** The payment's open operation of {@code kind}, locked, if it has one. */
    Optional<Operation> lockOpenOperation(UUID paymentId, OperationKind kind) {
        return jdbc.sql("SELECT " + OPERATION_COLUMNS + " FROM payment_operation WHERE payment_id = ? AND kind = ?"
                        + " AND status IN ('PENDING', 'UNKNOWN') FOR UPDATE")
                .params(paymentId, kind.name()).query(Payments::operation).optional();
    }

    Optional<Operation> operationByKey(String idempotencyKey) {
        return jdbc.sql("SELECT " + OPERATION_COLUMNS + " FROM payment_operation WHERE idempotency_key = ?")
                .param(idempotencyKey).query(Payments::operation).optional();
    }

    List<Operation> operationsOf(UUID paymentId) {
        return jdbc.sql("SELECT " + OPERATION_COLUMNS + " FROM payment_operation WHERE payment_id = ? ORDER BY created_at, id")
                .param(paymentId).query(Payments::operation).list();
    }

    /** The attempt number the next operation of {@code kind} of the payment gets: 1, or one past the last. */
    int nextAttempt(UUID paymentId, OperationKind kind) {
        return jdbc.sql("SELECT coalesce(max(attempt), 0) + 1 FROM payment_operation WHERE payment_id = ? AND kind = ?")
                .params(paymentId, kind.name()).query(Integer.class).single();
    }

    /** Whether an authorisation (or any operation) is still wanted: false once its order was cancelled. */
    boolean cancelRequested(UUID operationId) {
        return jdbc.sql("""
                        SELECT p.cancel_requested FROM payment p JOIN payment_operation o ON o.payment_id = p.id
                        WHERE o.id = ?""")
                .param(operationId).query(Boolean.class).optional().orElse(true);
    }

    /**
     * Operations of one status (every one when null), oldest first: the operators' view, with how often its work
     * row was claimed so far and, while it is open, when it is due next (for a held row: when its lease ends).
     * A closed operation whose work row was deleted after the starter's retention shows 0 attempts.
     */
    List<OperationRow> operationRows(OperationStatus status, int limit, long offset) {
        return jdbc.sql("SELECT o.id, o.payment_id, o.order_id, o.kind, o.attempt, o.status, o.amount, o.currency,"
                        + " o.idempotency_key, coalesce(w.attempts, 0) AS attempts, o.sent, o.failure_reason,"
                        + " CASE WHEN o.status IN ('PENDING', 'UNKNOWN') THEN w.due_at END AS due_at, o.actor, o.note,"
                        + " o.created_at, o.updated_at"
                        + " FROM payment_operation o LEFT JOIN work_item w"
                        + " ON w.kind = '" + PaymentOperationHandler.KIND + "' AND w.work_key = o.id::text"
                        + " WHERE (CAST(? AS varchar) IS NULL OR o.status = ?) ORDER BY o.created_at, o.id LIMIT ? OFFSET ?")
                .params(status == null ? null : status.name(), status == null ? null : status.name(), limit, offset)
                .query((rs, row) -> new OperationRow(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class),
                        rs.getObject("order_id", UUID.class), OperationKind.valueOf(rs.getString("kind")),
                        rs.getInt("attempt"), OperationStatus.valueOf(rs.getString("status")),
                        new Money(rs.getLong("amount"), rs.getString("currency")), rs.getString("idempotency_key"),
                        rs.getInt("attempts"), rs.getBoolean("sent"), rs.getString("failure_reason"),
                        instant(rs, "due_at"), rs.getString("actor"), rs.getString("note"), instant(rs, "created_at"),
                        instant(rs, "updated_at")))
                .list();
    }

    long countOperations(OperationStatus status) {
        return jdbc.sql("SELECT count(*) FROM payment_operation WHERE (CAST(? AS varchar) IS NULL OR status = ?)")
                .params(status == null ? null : status.name(), status == null ? null : status.name())
                .query(Long.class).single();
    }

    long countPayments(PaymentStatus status) {
        return jdbc.sql("SELECT count(*) FROM payment WHERE status = ?").param(status.name()).query(Long.class).single();
    }

    boolean hasOpenOperation(UUID paymentId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM payment_operation WHERE payment_id = ? AND status IN ('PENDING', 'UNKNOWN'))")
                .param(paymentId).query(Boolean.class).single();
    }

    private static Timestamp ts(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp value = rs.getTimestamp(column);
        return value == null ? null : value.toInstant();
    }

    private static Payment payment(ResultSet rs, int row) throws SQLException {
        long amount = rs.getLong("amount");
        Long maybeAmount = rs.wasNull() ? null : amount;
        return new Payment(rs.getObject("id", UUID.class), rs.getObject("order_id", UUID.class),
                rs.getObject("customer_id", UUID.class), rs.getObject("payment_method_id", UUID.class),
                PaymentStatus.valueOf(rs.getString("status")), maybeAmount, rs.getString("currency"),
                rs.getLong("captured_amount"), rs.getLong("refunded_amount"), rs.getString("provider_reference"),
                rs.getString("decline_reason"), rs.getBoolean("cancel_requested"), rs.getBoolean("capture_requested"),
                instant(rs, "created_at"), instant(rs, "updated_at"));
    }

    private static Operation operation(ResultSet rs, int row) throws SQLException {
        Operation operation = new Operation(rs.getObject("id", UUID.class), rs.getObject("payment_id", UUID.class),
                rs.getObject("order_id", UUID.class), OperationKind.valueOf(rs.getString("kind")), rs.getLong("amount"),
                rs.getString("currency"), OperationStatus.valueOf(rs.getString("status")),
                rs.getString("idempotency_key"), rs.getString("provider_reference"), rs.getString("failure_reason"),
                rs.getBoolean("sent"), instant(rs, "created_at"), instant(rs, "updated_at"));
        operation.attempt = rs.getInt("attempt");
        operation.actor = rs.getString("actor");
        operation.note = rs.getString("note");
        return operation;
    }
}
