package com.example.commerce.backorder.supplier;

import java.time.Instant;
import java.util.List;

/**
 * Where a purchase order stands at the supplier.
 *
 * @param shipped what has shipped of it (empty until SHIPPED), line by line
 */
public record SupplierOrderStatus(String poNumber, State state, String shipmentId, Instant shippedAt,
                                  List<ShippedLine> shipped) {

    public SupplierOrderStatus {
        shipped = List.copyOf(shipped);
    }

    /** OPEN: placed, not shipped yet. */
    public enum State { OPEN, SHIPPED, REJECTED, CANCELLED, UNKNOWN }

    public record ShippedLine(int lineNumber, String supplierSku, int quantity) {
    }
}
