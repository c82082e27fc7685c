package com.example.commerce.inventory.reservation;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.backorder.SupplierShipmentReceived;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.OrderLine;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * What one poll of a saga topic may touch: the SKUs its OrderPlaced events ask for and the orders its events
 * name (whose reservations' SKUs are looked up when the locks are taken). {@link StockReservations} locks all
 * of those stock rows up front, in SKU order, in the first effect of each transaction, so that a transaction
 * that serves several orders never takes a stock lock after another one (which could deadlock against another
 * instance doing the same in another order).
 */
public final class SagaPoll {

    private final TreeSet<String> placedSkus;
    private final Set<UUID> orderIds;

    private SagaPoll(TreeSet<String> placedSkus, Set<UUID> orderIds) {
        this.placedSkus = placedSkus;
        this.orderIds = orderIds;
    }

    /** The poll of {@code events} (the readable payloads of a batch; unreadable records are left out). */
    public static SagaPoll of(Collection<? extends IntegrationEvent> events) {
        TreeSet<String> skus = new TreeSet<>();
        Set<UUID> orders = new HashSet<>();
        for (IntegrationEvent event : events) {
            if (event instanceof OrderPlaced placed) {
                placed.lines().stream().map(OrderLine::sku).forEach(skus::add);
            }
            if (event instanceof SupplierShipmentReceived received) {
                skus.add(received.sku());
            }
            StockReservations.orderIdOf(event).ifPresent(orders::add);
        }
        return new SagaPoll(skus, orders);
    }

    /** A poll of one event: what a direct call of the application service stands for. */
    static SagaPoll of(IntegrationEvent event) {
        return of(List.of(event));
    }

    TreeSet<String> placedSkus() {
        return placedSkus;
    }

    Set<UUID> orderIds() {
        return orderIds;
    }
}
