package com.example.commerce.customer.notification;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.backorder.PurchaseOrderPlaced;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The saga's events about one order, as the producing services publish them. */
final class OrderEmailsMother {

    static final Money TOTAL = new Money(4_998, "EUR");
    static final Instant ETA = Instant.parse("2030-03-14T00:00:00Z");

    final UUID orderId = UUID.randomUUID();
    final UUID customerId;
    final UUID shipmentId = UUID.randomUUID();
    final UUID paymentId = UUID.randomUUID();
    final String sku = "MUG-" + orderId.toString().substring(0, 8);

    OrderEmailsMother(UUID customerId) {
        this.customerId = customerId;
    }

    OrderPlaced placed() {
        return new OrderPlaced(orderId, customerId, List.of(new OrderLine(sku, 2, new Money(2_499, "EUR"))), TOTAL,
                new Address("1 Main Street", null, "Springfield", "12345", "DE"), true, Instant.now());
    }

    OrderConfirmed confirmed() {
        return new OrderConfirmed(orderId, customerId, TOTAL, Instant.now());
    }

    PurchaseOrderPlaced supplierAnswered() {
        return new PurchaseOrderPlaced(UUID.randomUUID(), sku, 10, "SUP-1", "PO-1", PurchaseOrderPlaced.CONFIRMED, 10,
                ETA, Instant.now());
    }

    OrderBackordered backordered() {
        return new OrderBackordered(orderId, List.of(new Shortage(sku, 2, 0)), Instant.now());
    }

    ShipmentCreated shipmentCreated() {
        return new ShipmentCreated(orderId, shipmentId, "SimCourier", "TRK-" + orderId.toString().substring(0, 6),
                Instant.now());
    }

    ShipmentDispatched dispatched() {
        return new ShipmentDispatched(orderId, shipmentId, Instant.now());
    }

    ShipmentDelivered delivered() {
        return new ShipmentDelivered(orderId, shipmentId, Instant.now());
    }

    PaymentCaptured captured() {
        return new PaymentCaptured(orderId, paymentId, TOTAL, Instant.now());
    }

    OrderCancelled cancelled(String reason) {
        return new OrderCancelled(orderId, reason, Instant.now());
    }

    PaymentRefunded refunded() {
        return new PaymentRefunded(orderId, paymentId, TOTAL, Instant.now());
    }

    String messageId(NotificationKind kind) {
        return "<" + orderId + "." + kind.template() + "@notifications.test>";
    }

    List<IntegrationEvent> shippedAndDelivered() {
        return List.of(placed(), confirmed(), shipmentCreated(), dispatched(), captured(), delivered());
    }
}
