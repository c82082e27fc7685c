package com.example.commerce.reporting;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.backorder.BackorderCreated;
import com.example.commerce.events.backorder.BackorderFailed;
import com.example.commerce.events.backorder.BackorderFulfilled;
import com.example.commerce.events.cart.CartCheckedOut;
import com.example.commerce.events.cart.ItemAddedToCart;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.customer.CustomerRegisteredV2;
import com.example.commerce.events.inventory.StockReleased;
import com.example.commerce.events.inventory.StockReservationFailed;
import com.example.commerce.events.inventory.StockReserved;
import com.example.commerce.events.order.OrderBackordered;
import com.example.commerce.events.order.OrderCancellationRequested;
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
import com.example.commerce.events.shipping.ShipmentFailed;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A known set of eleven orders over two days, with the events their services would publish, in the order they
 * would publish them: delivered (one partly refunded), confirmed (one in USD after a fulfilled backorder),
 * cancelled for each reason (payment declined, customer request after confirmation, timed out, shipping failed,
 * backorder failed), rejected out of stock, and one backorder still open; three products in three categories;
 * cart activity with three items added but never checked out. {@code ReportsIntegrationTests} holds the figures
 * every report must show for it, worked out by hand.
 *
 * <p>Each scenario has its own days ({@code day1}, the next, the one after) and its own SKUs, so several
 * scenarios can share one model without touching each other's figures.
 */
public final class ReportScenario {

    static final Address ADDRESS = new Address("1 Main Street", null, "Lyon", "69001", "FR");

    public final LocalDate day1;
    public final String skuA;
    public final String skuB;
    public final String skuC;
    private final List<IntegrationEvent> events = new ArrayList<>();
    public final List<UUID> orders = new ArrayList<>();

    public ReportScenario(LocalDate day1, String prefix) {
        this.day1 = day1;
        this.skuA = prefix + "-A";
        this.skuB = prefix + "-B";
        this.skuC = prefix + "-C";
        Instant start = day1.atStartOfDay().toInstant(ZoneOffset.UTC);
        events.add(new ProductCreated(UUID.randomUUID(), skuA, "Spade " + prefix, eur(1000), "Acme", "garden/tools",
                start.minusSeconds(86_400)));
        events.add(new ProductCreated(UUID.randomUUID(), skuB, "Seeds " + prefix, eur(250), "Sprout", "garden/seeds",
                start.minusSeconds(86_400)));
        events.add(new ProductCreated(UUID.randomUUID(), skuC, "Kettle " + prefix, eur(4000), "Boil", "kitchen",
                start.minusSeconds(86_400)));
        events.add(new CustomerRegisteredV2(UUID.randomUUID(), true, "en", "EUR", start));
        Instant d1 = start.plusSeconds(10 * 3600);
        Instant d2 = d1.plusSeconds(86_400);

        // Day 1
        order(d1, List.of(line(skuA, 2, eur(1000))), eur(200)).confirm(120).ship(3600).deliver(86_400);
        order(d1.plusSeconds(60), List.of(line(skuC, 1, eur(4000))), null).confirm(60).ship(3600).deliver(90_000)
                .refund(2 * 86_400, eur(1000));
        order(d1.plusSeconds(120), List.of(line(skuB, 1, eur(250))), null).declined(30);
        order(d1.plusSeconds(180), List.of(line(skuB, 1, eur(250))), null).backordered(10, skuB, 1, 0)
                .backorderFailed(7200);
        order(d1.plusSeconds(240), List.of(line(skuA, 1, eur(1000)), line(skuB, 1, eur(250))), eur(125)).confirm(180);
        // Three items added to carts that were never checked out.
        for (int i = 0; i < 3; i++) {
            events.add(new ItemAddedToCart(UUID.randomUUID(), UUID.randomUUID(), skuC, 1, eur(4000), d1.plusSeconds(300 + i)));
        }

        // Day 2
        order(d2, List.of(line(skuB, 3, eur(250))), null).confirm(30).cancelAfterConfirmation(600);
        order(d2.plusSeconds(60), List.of(line(skuA, 1, eur(1000))), null).timedOut(900);
        order(d2.plusSeconds(120), List.of(line(skuC, 1, eur(4000))), null).confirm(300).shipmentFailed(1200);
        order(d2.plusSeconds(180), List.of(line(skuA, 5, eur(1000))), null).rejected(10, skuA, 5, 2);
        order(d2.plusSeconds(240), List.of(line(skuB, 4, eur(250))), null).backordered(10, skuB, 4, 1);
        order(d2.plusSeconds(300), List.of(line(skuC, 2, usd(4000))), null).backordered(10, skuC, 2, 0)
                .backorderFulfilled(1800).confirm(3600);
    }

    public List<IntegrationEvent> events() {
        return List.copyOf(events);
    }

    public LocalDate day3() {
        return day1.plusDays(2);
    }

    static Money eur(long minor) {
        return new Money(minor, "EUR");
    }

    static Money usd(long minor) {
        return new Money(minor, "USD");
    }

    static OrderLine line(String sku, int quantity, Money unitPrice) {
        return new OrderLine(sku, quantity, unitPrice);
    }

    private Story order(Instant placedAt, List<OrderLine> lines, Money discount) {
        return new Story(placedAt, lines, discount);
    }

    /** One order's events, each at a number of seconds after its placement. */
    final class Story {

        final UUID orderId = UUID.randomUUID();
        final UUID customerId = UUID.randomUUID();
        final UUID paymentId = UUID.randomUUID();
        final UUID shipmentId = UUID.randomUUID();
        final Instant placedAt;
        final List<OrderLine> lines;
        final Money total;

        Story(Instant placedAt, List<OrderLine> lines, Money discount) {
            this.placedAt = placedAt;
            this.lines = lines;
            Money gross = lines.stream().map(OrderLine::lineTotal).reduce(Money::plus).orElseThrow();
            this.total = discount == null ? gross : new Money(gross.amountMinor() - discount.amountMinor(), gross.currency());
            UUID cartId = UUID.randomUUID();
            for (OrderLine line : lines) {
                events.add(new ItemAddedToCart(cartId, customerId, line.sku(), line.quantity(), line.unitPrice(),
                        placedAt.minusSeconds(600)));
            }
            events.add(new CartCheckedOut(cartId, customerId, orderId, lines, total, placedAt.minusSeconds(1)));
            events.add(new OrderPlaced(orderId, customerId, lines, total, ADDRESS, true, cartId, UUID.randomUUID(),
                    discount, discount == null ? null : "SPRING", placedAt));
            orders.add(orderId);
        }

        private Instant at(long seconds) {
            return placedAt.plusSeconds(seconds);
        }

        Story confirm(long seconds) {
            events.add(new StockReserved(orderId, lines, at(seconds + 900), at(seconds - 2)));
            events.add(new PaymentAuthorized(orderId, paymentId, total, "auth-" + orderId, at(seconds - 1)));
            events.add(new OrderConfirmed(orderId, customerId, total, at(seconds)));
            return this;
        }

        Story ship(long seconds) {
            events.add(new ShipmentCreated(orderId, shipmentId, "courier", "T-" + orderId, at(seconds - 100)));
            events.add(new ShipmentDispatched(orderId, shipmentId, at(seconds)));
            events.add(new PaymentCaptured(orderId, paymentId, total, at(seconds + 1)));
            return this;
        }

        Story deliver(long seconds) {
            events.add(new ShipmentDelivered(orderId, shipmentId, at(seconds)));
            events.add(new OrderCompleted(orderId, at(seconds + 1)));
            return this;
        }

        Story refund(long seconds, Money amount) {
            events.add(new PaymentRefunded(orderId, paymentId, amount, at(seconds)));
            return this;
        }

        Story declined(long seconds) {
            events.add(new StockReserved(orderId, lines, at(seconds + 900), at(seconds - 2)));
            events.add(new PaymentDeclined(orderId, "insufficient-funds", at(seconds)));
            events.add(new StockReleased(orderId, OrderEndReasons.PAYMENT_DECLINED, at(seconds + 1)));
            events.add(new OrderCancelled(orderId, OrderEndReasons.PAYMENT_DECLINED, at(seconds + 1)));
            return this;
        }

        Story cancelAfterConfirmation(long seconds) {
            events.add(new OrderCancellationRequested(orderId, OrderEndReasons.CUSTOMER_REQUEST, at(seconds)));
            events.add(new OrderCancelled(orderId, OrderEndReasons.CUSTOMER_REQUEST, at(seconds + 5)));
            events.add(new StockReleased(orderId, OrderEndReasons.CUSTOMER_REQUEST, at(seconds + 6)));
            events.add(new PaymentVoided(orderId, paymentId, at(seconds + 7)));
            return this;
        }

        Story timedOut(long seconds) {
            events.add(new StockReserved(orderId, lines, at(seconds + 900), at(1)));
            events.add(new OrderCancelled(orderId, OrderEndReasons.TIMED_OUT, at(seconds)));
            events.add(new StockReleased(orderId, OrderEndReasons.TIMED_OUT, at(seconds + 1)));
            return this;
        }

        Story shipmentFailed(long seconds) {
            events.add(new ShipmentCreated(orderId, shipmentId, "courier", "T-" + orderId, at(seconds - 100)));
            events.add(new ShipmentFailed(orderId, shipmentId, "address-unknown", at(seconds)));
            events.add(new OrderCancelled(orderId, OrderEndReasons.SHIPPING_FAILED, at(seconds + 1)));
            events.add(new StockReleased(orderId, OrderEndReasons.SHIPPING_FAILED, at(seconds + 2)));
            events.add(new PaymentVoided(orderId, paymentId, at(seconds + 3)));
            return this;
        }

        Story rejected(long seconds, String sku, int requested, int available) {
            events.add(new StockReservationFailed(orderId, List.of(new Shortage(sku, requested, available)), at(seconds)));
            events.add(new OrderRejected(orderId, OrderEndReasons.OUT_OF_STOCK, at(seconds + 1)));
            return this;
        }

        Story backordered(long seconds, String sku, int requested, int available) {
            List<Shortage> shortages = List.of(new Shortage(sku, requested, available));
            events.add(new StockReservationFailed(orderId, shortages, at(seconds)));
            events.add(new OrderBackordered(orderId, shortages, lines, at(seconds + 1)));
            events.add(new BackorderCreated(orderId, shortages, at(seconds + 2)));
            return this;
        }

        Story backorderFulfilled(long seconds) {
            events.add(new BackorderFulfilled(orderId, lines, at(seconds)));
            return this;
        }

        Story backorderFailed(long seconds) {
            events.add(new BackorderFailed(orderId, "supplier-rejected", at(seconds)));
            events.add(new OrderCancelled(orderId, OrderEndReasons.BACKORDER_FAILED, at(seconds + 1)));
            return this;
        }
    }
}
