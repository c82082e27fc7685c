package com.example.commerce.backorder.backorder;

import com.example.commerce.starter.metrics.TableGauges;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * Backorders as operations watch them (read at most every 10 s): {@code commerce.backorders.open}, the orders'
 * shortages still waiting for the supplier (status WAITING), and {@code commerce.backorders.purchase.orders} (tag
 * {@code status}), purchase orders by state.
 */
@Component
class BackorderGauges {

    BackorderGauges(TableGauges gauges) {
        gauges.count("commerce.backorders.open", "Backordered shortages waiting for supplier stock",
                "SELECT count(*) FROM backorder WHERE status = 'WAITING'");
        gauges.countBy("commerce.backorders.purchase.orders", "Purchase orders by state", "status",
                List.of("BATCHING", "PLACING", "PLACED", "REJECTED", "RECEIVED", "CANCELLED"),
                "SELECT status, count(*) FROM purchase_order GROUP BY status");
    }
}
