package com.example.commerce.backorder.purchasing;

import com.example.commerce.starter.web.PageResponse;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What operators read: backorders and purchase orders with their lines. */
@Component
public class BackorderViews {

    public record BackorderView(UUID orderId, String sku, int quantity, String status, String reason,
                                Instant backorderedAt, UUID purchaseOrderId) {
    }

    public record LineView(int lineNumber, String sku, String supplierSku, int needed, int quantity,
                           Integer confirmedQuantity, String outcome, LocalDate expectedShipDate, String reason,
                           int receivedQuantity) {
    }

    public record PurchaseOrderView(UUID id, String poNumber, String supplierCode, String status,
                                    Instant batchClosesAt, String supplierReference, Instant placedAt,
                                    Instant receivedAt, List<LineView> lines) {
    }

    private final JdbcTemplate jdbc;

    BackorderViews(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    @Transactional(readOnly = true)
    public PageResponse<BackorderView> backorders(String status, int page, int size) {
        long total = jdbc.queryForObject("SELECT COUNT(*) FROM backorder WHERE (?::text IS NULL OR status = ?)",
                Long.class, status, status);
        List<BackorderView> items = jdbc.query("""
                SELECT order_id, sku, quantity, status, status_reason, backordered_at, purchase_order_id FROM backorder
                WHERE (?::text IS NULL OR status = ?) ORDER BY backordered_at, order_id, sku LIMIT ? OFFSET ?""",
                (rs, i) -> new BackorderView(rs.getObject(1, UUID.class), rs.getString(2), rs.getInt(3),
                        rs.getString(4), rs.getString(5), rs.getTimestamp(6).toInstant(),
                        rs.getObject(7, UUID.class)),
                status, status, size, PageResponse.offset(page, size));
        return PageResponse.of(items, page, size, total);
    }

    @Transactional(readOnly = true)
    public List<PurchaseOrderView> purchaseOrders(String status) {
        List<UUID> ids = jdbc.queryForList("""
                SELECT id FROM purchase_order WHERE (?::text IS NULL OR status = ?) ORDER BY created_at DESC, id LIMIT 200""",
                UUID.class, status, status);
        return ids.stream().map(this::purchaseOrder).flatMap(Optional::stream).toList();
    }

    @Transactional(readOnly = true)
    public Optional<PurchaseOrderView> purchaseOrder(UUID id) {
        List<LineView> lines = jdbc.query("""
                SELECT line_number, sku, supplier_sku, needed, quantity, confirmed_quantity, outcome, expected_ship_date,
                       reason, received_quantity
                FROM purchase_order_line WHERE purchase_order_id = ? ORDER BY line_number""",
                (rs, i) -> new LineView(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getInt(4), rs.getInt(5),
                        (Integer) rs.getObject(6), rs.getString(7),
                        rs.getDate(8) == null ? null : rs.getDate(8).toLocalDate(), rs.getString(9), rs.getInt(10)),
                id);
        return jdbc.query("""
                SELECT id, po_number, supplier_code, status, batch_closes_at, supplier_reference, placed_at, received_at
                FROM purchase_order WHERE id = ?""",
                (rs, i) -> new PurchaseOrderView(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                        rs.getString(4), rs.getTimestamp(5).toInstant(), rs.getString(6),
                        rs.getTimestamp(7) == null ? null : rs.getTimestamp(7).toInstant(),
                        rs.getTimestamp(8) == null ? null : rs.getTimestamp(8).toInstant(), lines), id)
                .stream().findFirst();
    }
}
