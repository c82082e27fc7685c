package com.example.commerce.loadtests.reporting;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.cart.ItemAddedToCart;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.inventory.StockCommitted;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.order.OrderRejected;
import com.example.commerce.events.payment.PaymentAuthorized;
import com.example.commerce.events.payment.PaymentCaptured;
import com.example.commerce.events.payment.PaymentDeclined;
import com.example.commerce.events.payment.PaymentRefunded;
import com.example.commerce.events.payment.PaymentVoided;
import com.example.commerce.events.shared.Address;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.events.shared.Shortage;
import com.example.commerce.events.shipping.ShipmentCreated;
import com.example.commerce.events.shipping.ShipmentDelivered;
import com.example.commerce.events.shipping.ShipmentDispatched;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * A year of orders as their services would publish them: 70% delivered (one in fourteen of those partly refunded),
 * the rest declined, timed out, rejected out of stock, backordered, or cancelled by the customer after
 * confirmation; one to three lines over {@value #SKUS} SKUs in {@value #CATEGORIES} categories; 10% of orders in
 * USD, the rest in EUR. About fourteen events per order.
 */
final class OrderEventsGenerator {

    static final int SKUS = 500;
    static final int CATEGORIES = 20;
    static final Address ADDRESS = new Address("1 Main Street", null, "Lyon", "69001", "FR");

    private final Instant yearStart;
    private final Random random;

    OrderEventsGenerator(Instant yearStart, long seed) {
        this.yearStart = yearStart;
        this.random = new Random(seed);
    }

    static String sku(int i) {
        return "BENCH-" + i;
    }

    void catalogue(Consumer<IntegrationEvent> out) {
        for (int i = 0; i < SKUS; i++) {
            out.accept(new ProductCreated(UUID.randomUUID(), sku(i), "Product " + i, new Money(100 + i * 10L, "EUR"),
                    "Brand " + (i % 7), "category-" + (i % CATEGORIES), yearStart.minusSeconds(86_400)));
        }
    }

    /** The events of order number {@code n}, in the order their producers publish them. */
    void order(int n, Consumer<IntegrationEvent> out) {
        Instant placed = yearStart.plusSeconds(random.nextLong(365L * 86_400 - 4 * 86_400));
        String currency = n % 10 == 0 ? "USD" : "EUR";
        UUID orderId = UUID.randomUUID();
        UUID customerId = UUID.randomUUID();
        UUID cartId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        List<OrderLine> lines = new ArrayList<>();
        int lineCount = 1 + random.nextInt(3);
        for (int i = 0; i < lineCount; i++) {
            int sku = random.nextInt(SKUS);
            lines.add(new OrderLine(sku(sku), 1 + random.nextInt(3), new Money(100 + sku * 10L, currency)));
        }
        Money total = lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
        for (OrderLine line : lines) {
            out.accept(new ItemAddedToCart(cartId, customerId, line.sku(), line.quantity(), line.unitPrice(),
                    placed.minusSeconds(300)));
        }
        out.accept(new CartCheckedOut(cartId, customerId, orderId, lines, total, placed.minusSeconds(1)));
        out.accept(new OrderPlaced(orderId, customerId, lines, total, ADDRESS, true, cartId, UUID.randomUUID(), null,
                null, placed));
        int outcome = n % 20;
        long confirmAfter = 1 + random.nextInt(600);
        if (outcome == 0) {
            out.accept(new StockReserved(orderId, lines, placed.plusSeconds(900), placed.plusSeconds(1)));
            out.accept(new PaymentDeclined(orderId, "insufficient-funds", placed.plusSeconds(confirmAfter)));
            out.accept(new StockReleased(orderId, OrderEndReasons.PAYMENT_DECLINED, placed.plusSeconds(confirmAfter + 1)));
            out.accept(new OrderCancelled(orderId, OrderEndReasons.PAYMENT_DECLINED, placed.plusSeconds(confirmAfter + 1)));
            return;
        }
        if (outcome == 1) {
            out.accept(new StockReserved(orderId, lines, placed.plusSeconds(900), placed.plusSeconds(1)));
            out.accept(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, placed.plusSeconds(1800)));
            out.accept(new StockReleased(orderId, OrderEndReasons.TIMED_OUT, placed.plusSeconds(1801)));
            return;
        }
        List<Shortage> shortages = List.of(new Shortage(lines.getFirst().sku(), lines.getFirst().quantity(), 0));
        if (outcome == 2) {
            out.accept(new StockReservationFailed(orderId, shortages, placed.plusSeconds(1)));
            out.accept(new OrderRejected(orderId, OrderEndReasons.OUT_OF_STOCK, placed.plusSeconds(2)));
            return;
        }
        if (outcome == 3) {
            out.accept(new StockReservationFailed(orderId, shortages, placed.plusSeconds(1)));
            out.accept(new OrderBackordered(orderId, shortages, lines, placed.plusSeconds(2)));
            return;
        }
        out.accept(new StockReserved(orderId, lines, placed.plusSeconds(900), placed.plusSeconds(1)));
        out.accept(new PaymentAuthorized(orderId, paymentId, total, "auth-" + n, placed.plusSeconds(confirmAfter - 1 + 1)));
        out.accept(new OrderConfirmed(orderId, customerId, total, placed.plusSeconds(confirmAfter + 1)));
        if (outcome == 4) {
            out.accept(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, placed.plusSeconds(confirmAfter + 60)));
            out.accept(new StockReleased(orderId, OrderEndReasons.CUSTOMER_REQUEST, placed.plusSeconds(confirmAfter + 61)));
            out.accept(new PaymentVoided(orderId, paymentId, placed.plusSeconds(confirmAfter + 62)));
            return;
        }
        long dispatchAfter = confirmAfter + 3600 + random.nextInt(86_400);
        out.accept(new ShipmentCreated(orderId, shipmentId, "courier", "T-" + n, placed.plusSeconds(confirmAfter + 30)));
        out.accept(new ShipmentDispatched(orderId, shipmentId, placed.plusSeconds(dispatchAfter)));
        out.accept(new PaymentCaptured(orderId, paymentId, total, placed.plusSeconds(dispatchAfter + 1)));
        out.accept(new StockCommitted(orderId, placed.plusSeconds(dispatchAfter + 1)));
        long deliverAfter = dispatchAfter + 3600 + random.nextInt(2 * 86_400);
        out.accept(new ShipmentDelivered(orderId, shipmentId, placed.plusSeconds(deliverAfter)));
        out.accept(new OrderCompleted(orderId, placed.plusSeconds(deliverAfter + 1)));
        if (outcome == 5) {
            out.accept(new PaymentRefunded(orderId, paymentId, new Money(total.amountMinor() / 2, currency),
                    placed.plusSeconds(deliverAfter + 86_400)));
        }
    }
}
