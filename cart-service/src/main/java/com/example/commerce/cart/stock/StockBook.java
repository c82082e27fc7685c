package com.example.commerce.cart.stock;

import com.example.commerce.events.inventory.StockLevelChanged;
import java.util.Collection;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * This service's copy of the stock levels, kept from StockLevelChanged, so a cart line shows whether its
 * SKU can be bought without a call to inventory-service. A SKU no level arrived for shows as UNKNOWN.
 */
@Service
public class StockBook {

    /** The availability of a SKU this service has heard nothing about. */
    public static final String UNKNOWN = "UNKNOWN";

    private static final Logger log = LoggerFactory.getLogger(StockBook.class);

    private final StockLevels levels;

    StockBook(StockLevels levels) {
        this.levels = levels;
    }

    /** Joins the inbox's transaction, so the level and the inbox row commit together. */
    @Transactional
    public void levelChanged(StockLevelChanged event) {
        String availability = event.availability() != null ? event.availability()
                : event.available() > 0 ? "IN_STOCK" : "OUT_OF_STOCK";
        if (levels.takeUnlessNewerShown(event.sku(), event.available(), availability, event.version(),
                event.occurredAt()) == 0) {
            log.info("Ignored a stock level of {} (version {}, {}): a newer one is shown", event.sku(),
                    event.version(), event.occurredAt());
        }
    }

    /** The availability of each SKU: IN_STOCK, LOW, OUT_OF_STOCK, or {@value #UNKNOWN}. */
    @Transactional(readOnly = true)
    public Map<String, String> availabilityOf(Collection<String> skus) {
        Map<String, String> known = levels.findBySkuIn(skus).stream()
                .collect(Collectors.toMap(StockLevel::sku, StockLevel::availability));
        return skus.stream().distinct().collect(Collectors.toMap(Function.identity(),
                sku -> known.getOrDefault(sku, UNKNOWN)));
    }
}
