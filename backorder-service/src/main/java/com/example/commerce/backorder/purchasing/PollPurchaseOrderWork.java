package com.example.commerce.backorder.purchasing;

import com.example.commerce.backorder.BackorderProperties;
import com.example.commerce.backorder.supplier.Supplier;
import com.example.commerce.backorder.supplier.SupplierOrderStatus;
import com.example.commerce.backorder.supplier.SupplierUnavailableException;
import com.example.commerce.starter.work.Work;
import com.example.commerce.starter.work.WorkHandler;
import com.example.commerce.starter.work.WorkResult;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;

/**
 * Asks the supplier, every {@code commerce.backorder.poll-interval}, where a placed purchase order stands, until it
 * ships (then its receipt is booked in one transaction) or ends at the supplier.
 */
@Component
class PollPurchaseOrderWork implements WorkHandler {

    private final PurchaseOrders purchaseOrders;
    private final Supplier supplier;
    private final BackorderProperties properties;

    PollPurchaseOrderWork(PurchaseOrders purchaseOrders, Supplier supplier, BackorderProperties properties) {
        this.purchaseOrders = purchaseOrders;
        this.supplier = supplier;
        this.properties = properties;
    }

    @Override
    public String kind() {
        return PurchaseOrders.POLL;
    }

    @Override
    public WorkResult handle(Work work) {
        UUID id = UUID.fromString(work.key());
        Optional<String> poNumber = purchaseOrders.pollable(id);
        if (poNumber.isEmpty()) {
            return WorkResult.done("no longer placed");
        }
        SupplierOrderStatus status;
        try {
            status = supplier.status(poNumber.get());
        } catch (SupplierUnavailableException unavailable) {
            return WorkResult.retryAfter(unavailable.getMessage(), properties.pollInterval());
        }
        return switch (status.state()) {
            case OPEN -> WorkResult.retryAfter("not shipped yet", properties.pollInterval());
            case SHIPPED -> {
                purchaseOrders.receive(id, status);
                yield WorkResult.done("received shipment " + status.shipmentId());
            }
            case REJECTED, CANCELLED, UNKNOWN -> {
                purchaseOrders.endedAtSupplier(id, status.state());
                yield WorkResult.done("ended at the supplier: " + status.state());
            }
        };
    }
}
