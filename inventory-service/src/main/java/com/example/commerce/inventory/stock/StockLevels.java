package com.example.commerce.inventory.stock;

import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.starter.security.Caller;
import com.example.commerce.inventory.access.Scopes;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * How much of each SKU there is. A SKU starts with nothing on hand when the catalogue lists it; operators
 * set or adjust its on-hand stock, each change kept as a stock movement; every change of available stock is
 * published as StockLevelChanged through the outbox, in the transaction of the change.
 */
@Service
public class StockLevels {

    private static final Logger log = LoggerFactory.getLogger(StockLevels.class);

    private final StockItems items;
    private final StockMovements movements;
    private final Outbox outbox;
    private final InventoryProperties properties;
    private final Clock clock;

    StockLevels(StockItems items, StockMovements movements, Outbox outbox, InventoryProperties properties,
                Clock clock) {
        this.items = items;
        this.movements = movements;
        this.outbox = outbox;
        this.properties = properties;
        this.clock = clock;
    }

    /** What a caller may see of a SKU's stock: the level for anyone, the counts for operators. */
    public record StockLevel(String sku, Availability availability, Counts counts) {
    }

    /** On hand, reserved and available (on hand minus reserved). */
    public record Counts(int onHand, int reserved, int available) {

        static Counts of(StockItem item) {
            return new Counts(item.onHand(), item.reserved(), item.available());
        }
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

    /**
     * The stock level of {@code sku} as {@code caller} may see it: counts only for a caller with
     * {@code inventory:read} or {@code inventory:write}.
     */
    @Transactional(readOnly = true)
    public Optional<StockLevel> level(String sku, Caller caller) {
        boolean operator = caller.hasAnyScope(Scopes.INVENTORY_READ, Scopes.INVENTORY_WRITE);
        return items.findById(sku).map(item -> new StockLevel(item.sku(), availabilityOf(item),
                operator ? Counts.of(item) : null));
    }

    /**
     * Sets or adjusts the on-hand stock of {@code sku}, records the movement (who: the caller's subject) and,
     * when available stock changed, publishes StockLevelChanged.
     *
     * @return the stock level after the change, with its counts
     * @throws UnknownSkuException         if no stock is kept for {@code sku}
     * @throws InsufficientStockException  if available stock would become negative (nothing changes)
     * @throws StockLimitExceededException if on hand would exceed the limit (nothing changes)
     */
    @Transactional
    public StockLevel update(String sku, StockUpdate update, Caller caller) {
        StockItem item = items.findForUpdate(sku).orElseThrow(() -> new UnknownSkuException(sku));
        Instant now = clock.instant();
        int availableBefore = item.available();
        int delta = switch (update) {
            case StockUpdate.SetOnHand set -> item.setOnHand(set.quantity(), now);
            case StockUpdate.Adjust adjust -> item.adjust(adjust.delta(), now);
        };
        StockMovement.Kind kind = update instanceof StockUpdate.SetOnHand ? StockMovement.Kind.SET : StockMovement.Kind.ADJUST;
        movements.save(new StockMovement(Uuids.v7(), sku, kind, delta, item.onHand(), update.reason(), caller.subject(), now));
        items.saveAndFlush(item);
        if (item.available() != availableBefore) {
            outbox.publish(new StockLevelChanged(sku, item.available(), item.reserved(), item.onHand(),
                    availabilityOf(item).name(), item.version(), now));
        }
        log.info("Stock of {} {} by {} to {} on hand by {}: {}", sku, kind, delta, item.onHand(), caller.subject(),
                update.reason());
        return new StockLevel(sku, availabilityOf(item), Counts.of(item));
    }

    /** The movements of {@code sku}, oldest first. */
    @Transactional(readOnly = true)
    public List<StockMovement> movementsOf(String sku) {
        return movements.findBySkuOrderByOccurredAtAscIdAsc(sku);
    }

    private Availability availabilityOf(StockItem item) {
        return Availability.of(item.available(), properties.lowStockThreshold());
    }
}
