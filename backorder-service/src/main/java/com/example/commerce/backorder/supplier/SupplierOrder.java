package com.example.commerce.backorder.supplier;

import java.util.List;
import java.util.Objects;

/**
 * A purchase order as the supplier is asked for it.
 *
 * @param poNumber our purchase-order number, the supplier's idempotency key
 * @param lines    what is ordered, at least one line
 */
public record SupplierOrder(String poNumber, List<Line> lines) {

    public SupplierOrder {
        Objects.requireNonNull(poNumber, "poNumber");
        lines = List.copyOf(lines);
        if (lines.isEmpty()) {
            throw new IllegalArgumentException("a purchase order has at least one line");
        }
    }

    /** One line: the supplier's SKU and how many units. */
    public record Line(int lineNumber, String supplierSku, int quantity) {

        public Line {
            Objects.requireNonNull(supplierSku, "supplierSku");
            if (quantity <= 0) {
                throw new IllegalArgumentException("quantity must be positive: " + quantity);
            }
        }
    }
}
