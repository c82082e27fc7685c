package com.example.commerce.shipping.shipment;

import com.example.commerce.starter.security.Caller;
import com.example.commerce.starter.web.PageResponse;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Reads shipments for their owner (the customer of the order, from OrderConfirmed) and for callers with scope
 * {@value #READ_SCOPE}; for anyone else a shipment does not exist.
 */
@Service
public class ShipmentQueries {

    public static final String READ_SCOPE = "shipments:read";

    private final Shipments shipments;

    ShipmentQueries(Shipments shipments) {
        this.shipments = shipments;
    }

    @Transactional(readOnly = true)
    public Optional<ShipmentView> find(UUID shipmentId, Caller caller) {
        return shipments.findById(shipmentId).filter(shipment -> visibleTo(shipment, caller)).map(this::view);
    }

    /**
     * The shipments of one order (at most one) that {@code caller} may see; empty for someone else's order and
     * for an order without a shipment alike.
     */
    @Transactional(readOnly = true)
    public PageResponse<ShipmentView> ofOrder(UUID orderId, Caller caller, int page, int size) {
        List<ShipmentView> visible = shipments.findByOrderId(orderId).filter(shipment -> visibleTo(shipment, caller))
                .map(this::view).stream().toList();
        List<ShipmentView> onPage = PageResponse.offset(page, size) >= visible.size() ? List.of() : visible;
        return PageResponse.of(onPage, page, size, visible.size());
    }

    private static boolean visibleTo(Shipment shipment, Caller caller) {
        return caller.hasScope(READ_SCOPE)
                || shipment.customerId() != null && shipment.customerId().toString().equals(caller.subject());
    }

    private ShipmentView view(Shipment shipment) {
        List<ShipmentView.Entry> history = shipments.historyOf(shipment.id()).stream()
                .map(line -> new ShipmentView.Entry(line.status(), line.occurredAt(), line.description())).toList();
        return new ShipmentView(shipment.id(), shipment.orderId(), shipment.status(), shipment.courier(),
                shipment.trackingNumber(), history);
    }
}
