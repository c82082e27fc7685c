package com.example.commerce.backorder.purchasing;

import com.example.commerce.backorder.supplier.Supplier;
import com.example.commerce.backorder.supplier.SupplierConfirmation;
import com.example.commerce.backorder.supplier.SupplierOrder;
import com.example.commerce.backorder.supplier.SupplierUnavailableException;
import com.example.commerce.starter.work.Work;
import com.example.commerce.starter.work.WorkHandler;
import com.example.commerce.starter.work.WorkResult;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Places a purchase order once its batching window closed (the starter's reliable outbound work, due at the
 * window's end): closes the batch (one transaction), asks the supplier (no transaction; the poNumber is the
 * supplier's idempotency key, so a retry or a second run never orders twice), records the answer (a second
 * transaction). An unanswered supplier is retried with the work's backoff.
 */
@Component
class PlacePurchaseOrderWork implements WorkHandler {

    private final PurchaseOrders purchaseOrders;
    private final Supplier supplier;

    PlacePurchaseOrderWork(PurchaseOrders purchaseOrders, Supplier supplier) {
        this.purchaseOrders = purchaseOrders;
        this.supplier = supplier;
    }

    @Override
    public String kind() {
        return PurchaseOrders.PLACE;
    }

    @Override
    public WorkResult handle(Work work) {
        UUID id = UUID.fromString(work.key());
        Optional<SupplierOrder> order = purchaseOrders.close(id);
        if (order.isEmpty()) {
            return WorkResult.done("nothing to place");
        }
        SupplierConfirmation confirmation;
        try {
            confirmation = supplier.place(order.get());
        } catch (SupplierUnavailableException unavailable) {
            return WorkResult.retry(unavailable.getMessage());
        }
        purchaseOrders.recordConfirmation(id, confirmation);
        return WorkResult.done("placed as " + confirmation.supplierReference());
    }
}
