package com.example.commerce.inventory.stock;

import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** How much of each SKU there is; a SKU starts with nothing on hand when the catalogue lists it. */
@Service
public class StockLevels {

    private static final Logger log = LoggerFactory.getLogger(StockLevels.class);

    private final StockItems items;

    StockLevels(StockItems items) {
        this.items = items;
    }

    /** Starts keeping stock of {@code sku}, with nothing on hand; a SKU known already keeps its stock. */
    @Transactional
    public void productListed(String sku) {
        if (items.createEmptyUnlessPresent(sku) == 0) {
            log.info("Stock of {} is kept already; listing it again changes nothing", sku);
        }
    }

    @Transactional(readOnly = true)
    public Optional<StockItem> find(String sku) {
        return items.findById(sku);
    }
}
