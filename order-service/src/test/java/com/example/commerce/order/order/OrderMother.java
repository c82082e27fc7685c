package com.example.commerce.order.order;

import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;

import com.example.commerce.events.inventory.StockCommitted;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.events.shipping.ShipmentCancelled;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.events.shipping.ShipmentFailed;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Orders in each state, and the events the other services of the saga send about them. */
public final class OrderMother {

    public static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");
    public static final Deadlines DEADLINES = new Deadlines(Duration.ofMinutes(2), Duration.ofDays(7),
            Duration.ofMinutes(30), Duration.ofMinutes(5), Duration.ofDays(14), Duration.ofSeconds(5), 100);
    public static final Address ADDRESS = new Address("1 Main St", null, "Berlin", "10115", "DE");

    private OrderMother() {
    }

    public static Order pending() {
        return Order.place(UUID.randomUUID(), UUID.randomUUID(),
                List.of(new OrderItem("MUG-1", "Mug", 2, 1299), new OrderItem("TEE-1", "Tee", 1, 2499)), "EUR", 500,
                "WINTER", ADDRESS, UUID.randomUUID(), false, UUID.randomUUID(), T0, DEADLINES).order();
    }

    public static Order confirmed() {
        Order order = pending();
        order.on(authorized(order), T0.plusSeconds(1), DEADLINES);
        return order;
    }

    /** A CONFIRMED order whose customer asked to cancel (CUSTOMER_REQUEST): waiting for shipping's answer. */
    public static Order cancelling() {
        Order order = confirmed();
        order.cancelOnRequest(T0.plusSeconds(2), DEADLINES);
        return order;
    }

    public static Order shipped() {
        Order order = confirmed();
        order.on(dispatched(order), T0.plusSeconds(2), DEADLINES);
        return order;
    }

    public static Order delivered() {
        Order order = shipped();
        order.on(delivered(order), T0.plusSeconds(3), DEADLINES);
        return order;
    }

    public static Order cancelled() {
        Order order = pending();
        order.cancelOnRequest(T0.plusSeconds(1), DEADLINES);
        return order;
    }

    /** A PENDING order that allows a backorder. */
    public static Order pendingWithBackorder() {
        return Order.place(UUID.randomUUID(), UUID.randomUUID(), List.of(new OrderItem("MUG-1", "Mug", 2, 1299),
                        new OrderItem("TEE-1", "Tee", 1, 2499)), "EUR", 0, null, ADDRESS, UUID.randomUUID(), true, null,
                T0, DEADLINES).order();
    }

    /** Short of MUG-1 with a backorder allowed: BACKORDERED. */
    public static Order backordered() {
        Order order = pendingWithBackorder();
        order.on(reservationFailed(order), T0.plusSeconds(1), DEADLINES);
        return order;
    }

    public static BackorderFulfilled backorderFulfilled(Order order) {
        return new BackorderFulfilled(order.id(), List.of(new OrderLine("MUG-1", 2, new Money(1299, "EUR"))), T0);
    }

    public static BackorderFailed backorderFailed(Order order) {
        return new BackorderFailed(order.id(), "supplier rejected MUG-1", T0);
    }

    public static Order rejected() {
        Order order = pending();
        order.on(reservationFailed(order), T0.plusSeconds(1), DEADLINES);
        return order;
    }

    public static StockReserved reserved(Order order) {
        return new StockReserved(order.id(), lines(order), T0.plusSeconds(900), order.customerId(), order.total(),
                order.paymentMethodId(), T0);
    }

    public static StockReservationFailed reservationFailed(Order order) {
        return new StockReservationFailed(order.id(), List.of(new Shortage("MUG-1", 2, 1)), T0);
    }

    public static StockReleased released(Order order, String reason) {
        return new StockReleased(order.id(), reason, T0);
    }

    public static StockCommitted committed(Order order) {
        return new StockCommitted(order.id(), T0);
    }

    public static PaymentAuthorized authorized(Order order) {
        return new PaymentAuthorized(order.id(), UUID.randomUUID(), order.total(), "pi_123", T0);
    }

    public static PaymentDeclined declined(Order order) {
        return new PaymentDeclined(order.id(), "card_declined", T0);
    }

    public static PaymentCaptured captured(Order order) {
        return new PaymentCaptured(order.id(), UUID.randomUUID(), order.total(), T0);
    }

    public static PaymentVoided voided(Order order) {
        return new PaymentVoided(order.id(), UUID.randomUUID(), T0);
    }

    public static PaymentRefunded refunded(Order order) {
        return new PaymentRefunded(order.id(), UUID.randomUUID(), order.total(), T0);
    }

    public static ShipmentCreated shipmentCreated(Order order) {
        return new ShipmentCreated(order.id(), UUID.randomUUID(), "ACME", "TRK1", T0);
    }

    public static ShipmentCancelled shipmentCancelled(Order order) {
        return new ShipmentCancelled(order.id(), UUID.randomUUID(), "order cancelled", T0);
    }

    public static ShipmentDispatched dispatched(Order order) {
        return new ShipmentDispatched(order.id(), UUID.randomUUID(), T0);
    }

    public static ShipmentDelivered delivered(Order order) {
        return new ShipmentDelivered(order.id(), UUID.randomUUID(), T0);
    }

    public static ShipmentFailed shipmentFailed(Order order) {
        return new ShipmentFailed(order.id(), UUID.randomUUID(), "courier refused", T0);
    }

    private static List<OrderLine> lines(Order order) {
        return order.items().stream().map(i -> new OrderLine(i.sku(), i.quantity(), new Money(i.unitPriceAmount(), "EUR")))
                .toList();
    }
}
