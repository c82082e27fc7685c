package com.example.commerce.order.saga;

import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.events.backorder.BackorderFulfilled;

import com.example.commerce.events.inventory.StockCommitted;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** The events inventory, payment and shipping publish about one order, as saga.md describes them. */
record SagaEvents(UUID orderId, Money total, UUID paymentId, UUID shipmentId) {

    static SagaEvents of(UUID orderId, Money total) {
        return new SagaEvents(orderId, total, UUID.randomUUID(), UUID.randomUUID());
    }

    StockReserved reserved() {
        return new StockReserved(orderId, List.of(new OrderLine("SKU-1", 1, total)), Instant.now().plusSeconds(900),
                null, total, null, Instant.now());
    }

    StockReservationFailed reservationFailed() {
        return new StockReservationFailed(orderId, List.of(new Shortage("SKU-1", 2, 0)), Instant.now());
    }

    BackorderFulfilled backorderFulfilled() {
        return new BackorderFulfilled(orderId, List.of(new OrderLine("SKU-1", 2, total)), Instant.now());
    }

    BackorderFailed backorderFailed() {
        return new BackorderFailed(orderId, "supplier rejected SKU-1: not available", Instant.now());
    }

    StockReleased released(String reason) {
        return new StockReleased(orderId, reason, Instant.now());
    }

    StockCommitted committed() {
        return new StockCommitted(orderId, Instant.now());
    }

    PaymentAuthorized authorized() {
        return new PaymentAuthorized(orderId, paymentId, total, "pi_" + orderId, Instant.now());
    }

    PaymentDeclined declined() {
        return new PaymentDeclined(orderId, "card_declined", Instant.now());
    }

    PaymentCaptured captured() {
        return new PaymentCaptured(orderId, paymentId, total, Instant.now());
    }

    PaymentVoided voided() {
        return new PaymentVoided(orderId, paymentId, Instant.now());
    }

    PaymentRefunded refunded() {
        return new PaymentRefunded(orderId, paymentId, total, Instant.now());
    }

    ShipmentCreated shipmentCreated() {
        return new ShipmentCreated(orderId, shipmentId, "ACME", "TRK-" + orderId.toString().substring(0, 8), Instant.now());
    }

    ShipmentCancelled shipmentCancelled() {
        return new ShipmentCancelled(orderId, shipmentId, "order cancelled", Instant.now());
    }

    ShipmentDispatched dispatched() {
        return new ShipmentDispatched(orderId, shipmentId, Instant.now());
    }

    ShipmentDelivered delivered() {
        return new ShipmentDelivered(orderId, shipmentId, Instant.now());
    }

    ShipmentFailed shipmentFailed() {
        return new ShipmentFailed(orderId, shipmentId, "courier refused", Instant.now());
    }
}
