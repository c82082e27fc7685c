package com.example.commerce.backorder.catalogue;

import com.example.commerce.starter.Problems;
import java.net.URI;
import java.sql.Timestamp;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.annotation.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Who supplies a SKU: its own row (an operator's choice) or else the range of its prefix (the demo catalogue's shelf
 * code, {@code MUG} of {@code MUG-00001}), whose supplier SKU is {@code <supplier code>-<sku>}.
 */
@Component
public class SupplierCatalogue {

    /** What one SKU is bought as. */
    public record SuppliedSku(String sku, String supplierCode, String supplierSku, int leadTimeDays,
                              int minOrderQuantity, String source) {
    }

    public record SupplierView(String code, String name) {
    }

    private final JdbcTemplate jdbc;

    SupplierCatalogue(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<SuppliedSku> find(String sku) {
        List<SuppliedSku> own = jdbc.query("""
                SELECT sku, supplier_code, supplier_sku, lead_time_days, min_order_quantity FROM supplied_sku
                WHERE sku = ?""", (rs, i) -> new SuppliedSku(rs.getString(1), rs.getString(2), rs.getString(3),
                rs.getInt(4), rs.getInt(5), "SKU"), sku);
        if (!own.isEmpty()) {
            return Optional.of(own.getFirst());
        }
        int dash = sku.indexOf('-');
        String prefix = dash > 0 ? sku.substring(0, dash) : sku;
        return jdbc.query("""
                SELECT supplier_code, lead_time_days, min_order_quantity FROM supplier_range WHERE sku_prefix = ?""",
                (rs, i) -> new SuppliedSku(sku, rs.getString(1), rs.getString(1) + "-" + sku, rs.getInt(2),
                        rs.getInt(3), "RANGE"), prefix).stream().findFirst();
    }

    public boolean supplierExists(String code) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM supplier WHERE code = ?)",
                Boolean.class, code));
    }

    public List<SupplierView> suppliers() {
        return jdbc.query("SELECT code, name FROM supplier ORDER BY code",
                (rs, i) -> new SupplierView(rs.getString(1), rs.getString(2)));
    }

    static final URI UNKNOWN_SUPPLIER = URI.create("urn:commerce:problem:unknown-supplier");

    /**
     * An operator sets (or replaces) the SKU's own row; an unknown supplier is a 422 {@code unknown-supplier} and
     * changes nothing. Purchase orders already batching keep what they were given.
     */
    @Transactional
    public SuppliedSku change(SuppliedSku supplied, String who, Instant now) {
        if (!supplierExists(supplied.supplierCode())) {
            throw Problems.problem(HttpStatus.UNPROCESSABLE_CONTENT, UNKNOWN_SUPPLIER, "Unknown supplier",
                    "no supplier " + supplied.supplierCode(), Map.of("supplierCode", supplied.supplierCode()));
        }
        put(supplied, who, now);
        return find(supplied.sku()).orElseThrow();
    }

    private void put(SuppliedSku supplied, String who, Instant now) {
        jdbc.update("""
                INSERT INTO supplied_sku (sku, supplier_code, supplier_sku, lead_time_days, min_order_quantity,
                                          updated_at, updated_by)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT (sku) DO UPDATE SET supplier_code = EXCLUDED.supplier_code,
                    supplier_sku = EXCLUDED.supplier_sku, lead_time_days = EXCLUDED.lead_time_days,
                    min_order_quantity = EXCLUDED.min_order_quantity, updated_at = EXCLUDED.updated_at,
                    updated_by = EXCLUDED.updated_by""",
                supplied.sku(), supplied.supplierCode(), supplied.supplierSku(), supplied.leadTimeDays(),
                supplied.minOrderQuantity(), Timestamp.from(now), who);
    }
}
