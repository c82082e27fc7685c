package com.example.commerce.backorder.purchasing;

import com.example.commerce.backorder.supplier.Supplier;
import com.example.commerce.backorder.supplier.SupplierOrderStatus;
import com.example.commerce.backorder.supplier.SupplierUnavailableException;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import java.net.URI;
import java.util.Map;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;

/**
 * An operator cancels a purchase order. One the supplier may hold (PLACING, PLACED) is cancelled at the supplier
 * first, outside any transaction; a supplier that already shipped it refuses (409 {@code purchase-order-shipped})
 * and nothing changes. Then the order is CANCELLED and the orders waiting on it fail (BACKORDER_FAILED).
 */
@Service
public class PurchaseOrderCancellation {

    static final URI NOT_CANCELLABLE = URI.create("urn:commerce:problem:purchase-order-not-cancellable");
    static final URI SHIPPED = URI.create("urn:commerce:problem:purchase-order-shipped");
    static final URI SUPPLIER_UNAVAILABLE = URI.create("urn:commerce:problem:supplier-unavailable");

    private final PurchaseOrders purchaseOrders;
    private final Supplier supplier;

    PurchaseOrderCancellation(PurchaseOrders purchaseOrders, Supplier supplier) {
        this.purchaseOrders = purchaseOrders;
        this.supplier = supplier;
    }

    public void cancel(UUID id, String who) {
        PurchaseOrders.Row row = purchaseOrders.find(id).orElseThrow(() -> notFound(id));
        if (!row.status().cancellable()) {
            throw Problems.problem(HttpStatus.CONFLICT, NOT_CANCELLABLE, "Purchase order not cancellable",
                    "purchase order " + row.poNumber() + " is " + row.status(), Map.of("status", row.status().name()));
        }
        if (row.status() != PurchaseOrderStatus.BATCHING) {
            SupplierOrderStatus.State atSupplier;
            try {
                atSupplier = supplier.cancel(row.poNumber());
            } catch (SupplierUnavailableException unavailable) {
                throw Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, SUPPLIER_UNAVAILABLE, "Supplier unavailable",
                        "the supplier could not be asked to cancel; try again", Map.of());
            }
            if (atSupplier == SupplierOrderStatus.State.SHIPPED) {
                throw Problems.problem(HttpStatus.CONFLICT, SHIPPED, "Purchase order shipped",
                        "the supplier shipped " + row.poNumber() + " already", Map.of());
            }
        }
        purchaseOrders.cancel(id, who).orElseThrow(() -> notFound(id));
    }

    private static RuntimeException notFound(UUID id) {
        return Problems.problem(HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Not found",
                "no purchase order " + id, Map.of());
    }
}
