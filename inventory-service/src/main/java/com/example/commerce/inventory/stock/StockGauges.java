package com.example.commerce.inventory.stock;

import com.example.commerce.starter.metrics.TableGauges;
import org.springframework.stereotype.Component;

/**
 * Stock as operations watch it (read from stock_item at most every 10 s): {@code commerce.inventory.skus.out.of.stock},
 * the SKUs with nothing left to sell (available 0), and {@code commerce.inventory.skus}, all SKUs stocked here.
 */
@Component
class StockGauges {

    StockGauges(TableGauges gauges) {
        gauges.count("commerce.inventory.skus.out.of.stock", "SKUs with no unit available to sell",
                "SELECT count(*) FROM stock_item WHERE available = 0");
        gauges.count("commerce.inventory.skus", "SKUs with a stock record", "SELECT count(*) FROM stock_item");
    }
}
