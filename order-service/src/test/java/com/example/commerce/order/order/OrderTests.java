package com.example.commerce.order.order;

import static com.example.commerce.order.order.OrderMother.DEADLINES;
import static com.example.commerce.order.order.OrderMother.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.order.OrderCancelled;
import com.example.commerce.events.order.OrderCompleted;
import com.example.commerce.events.order.OrderConfirmed;
import com.example.commerce.events.order.OrderEndReasons;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.order.OrderRejected;
import com.example.commerce.events.shared.Money;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The order's state machine of saga.md: every transition, and every event that no longer applies. */
class OrderTests {

    private static final Instant LATER = T0.plusSeconds(60);

    @Test
    void placingMakesAPendingOrderWithItsDeadlineAndOrderPlaced() {
        UUID id = UUID.randomUUID();
        UUID customer = UUID.randomUUID();
        UUID cart = UUID.randomUUID();
        UUID method = UUID.randomUUID();
        Order.Placed placed = Order.place(id, customer, List.of(new OrderItem("MUG-1", "Mug", 2, 1299)), "EUR", 300,
                "WINTER", OrderMother.ADDRESS, method, true, cart, T0, DEADLINES);

        Order order = placed.order();
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
        assertThat(order.subtotal()).isEqualTo(new Money(2598, "EUR"));
        assertThat(order.total()).isEqualTo(new Money(2298, "EUR"));
        assertThat(order.deadlineAt()).isEqualTo(T0.plus(Duration.ofMinutes(2)));
        OrderPlaced event = placed.event();
        assertThat(event.orderId()).isEqualTo(id);
        assertThat(event.total()).isEqualTo(new Money(2298, "EUR"));
        assertThat(event.discount()).isEqualTo(new Money(300, "EUR"));
        assertThat(event.promoCode()).isEqualTo("WINTER");
        assertThat(event.cartId()).isEqualTo(cart);
        assertThat(event.paymentMethodId()).isEqualTo(method);
        assertThat(event.backorderAllowed()).isTrue();
        assertThat(event.lines()).singleElement().satisfies(line -> {
            assertThat(line.sku()).isEqualTo("MUG-1");
            assertThat(line.quantity()).isEqualTo(2);
            assertThat(line.unitPrice()).isEqualTo(new Money(1299, "EUR"));
        });
    }

    @Test
    void aDiscountAboveTheLinesIsRefused() {
        assertThatThrownBy(() -> Order.place(UUID.randomUUID(), UUID.randomUUID(),
                List.of(new OrderItem("MUG-1", null, 1, 100)), "EUR", 101, null, OrderMother.ADDRESS, null, false, null,
                T0, DEADLINES)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void paymentAuthorizedConfirmsAPendingOrderWithLinesAndAddress() {
        Order order = OrderMother.pending();

        Outcome outcome = order.on(OrderMother.authorized(order), LATER, DEADLINES);

        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
        assertThat(order.deadlineAt()).isEqualTo(LATER.plus(Duration.ofMinutes(30)));
        assertThat(order.confirmedAt()).isEqualTo(LATER);
        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.events()).singleElement().isInstanceOfSatisfying(OrderConfirmed.class, confirmed -> {
            assertThat(confirmed.total()).isEqualTo(order.total());
            assertThat(confirmed.customerId()).isEqualTo(order.customerId());
            assertThat(confirmed.lines()).hasSize(2);
            assertThat(confirmed.shippingAddress()).isEqualTo(OrderMother.ADDRESS);
        });
    }

    @Test
    void dispatchShipsAndDeliveryCompletes() {
        Order order = OrderMother.confirmed();

        Outcome dispatched = order.on(OrderMother.dispatched(order), LATER, DEADLINES);
        assertThat(order.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(order.deadlineAt()).isEqualTo(LATER.plus(Duration.ofDays(7)));
        assertThat(dispatched.applied()).isTrue();
        assertThat(dispatched.events()).isEmpty();

        Outcome delivered = order.on(OrderMother.delivered(order), LATER, DEADLINES);
        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.deadlineAt()).isNull();
        assertThat(delivered.events()).singleElement().isInstanceOf(OrderCompleted.class);
    }

    @Test
    void aShortageRejectsEvenWhenBackordersAreAllowed() {
        Order order = Order.place(UUID.randomUUID(), UUID.randomUUID(), List.of(new OrderItem("MUG-1", null, 2, 100)),
                "EUR", 0, null, OrderMother.ADDRESS, null, true, null, T0, DEADLINES).order();

        Outcome outcome = order.on(OrderMother.reservationFailed(order), LATER, DEADLINES);

        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.reason()).isEqualTo(OrderEndReasons.OUT_OF_STOCK);
        assertThat(outcome.events()).singleElement().isInstanceOfSatisfying(OrderRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(OrderEndReasons.OUT_OF_STOCK));
    }

    @Test
    void aDeclinedPaymentCancelsAPendingOrder() {
        Order order = OrderMother.pending();

        Outcome outcome = order.on(OrderMother.declined(order), LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.PAYMENT_DECLINED);
    }

    @ParameterizedTest
    @EnumSource(value = Start.class, names = {"PENDING", "CONFIRMED", "SHIPPED"})
    void aFailedShipmentCancelsAnOrderNotYetDelivered(Start start) {
        Order order = start.order();

        Outcome outcome = order.on(OrderMother.shipmentFailed(order), LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.SHIPPING_FAILED);
    }

    @ParameterizedTest
    @EnumSource(value = Start.class, names = {"PENDING", "CONFIRMED"})
    void anExpiredReservationTimesOutAnOpenOrder(Start start) {
        Order order = start.order();

        Outcome outcome = order.on(OrderMother.released(order, Order.RESERVATION_EXPIRED), LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.TIMED_OUT);
    }

    @ParameterizedTest
    @EnumSource(value = Start.class, names = {"PENDING", "CONFIRMED"})
    void theCustomerCancelsAnOpenOrder(Start start) {
        Order order = start.order();

        Outcome outcome = order.cancelOnRequest(LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.CUSTOMER_REQUEST);
    }

    @Test
    void aCancelledOrderIsCancelledAgainAsANoOp() {
        Order order = OrderMother.cancelled();
        Instant updated = order.updatedAt();

        Outcome outcome = order.cancelOnRequest(LATER, DEADLINES);

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.events()).isEmpty();
        assertThat(order.reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(order.updatedAt()).isEqualTo(updated);
    }

    @ParameterizedTest
    @EnumSource(value = Start.class, names = {"SHIPPED", "DELIVERED", "REJECTED"})
    void anOrderPastThePointOfNoReturnCannotBeCancelled(Start start) {
        Order order = start.order();
        OrderStatus before = order.status();

        assertThatThrownBy(() -> order.cancelOnRequest(LATER, DEADLINES))
                .isInstanceOfSatisfying(OrderNotCancellableException.class,
                        refused -> assertThat(refused.status()).isEqualTo(before));
        assertThat(order.status()).isEqualTo(before);
    }

    @ParameterizedTest
    @EnumSource(value = Start.class, names = {"PENDING", "CONFIRMED"})
    void anOpenOrderPastItsDeadlineTimesOut(Start start) {
        Order order = start.order();

        Outcome early = order.timeOut(order.deadlineAt().minusMillis(1), DEADLINES);
        assertThat(early.applied()).isFalse();
        assertThat(order.status()).isEqualTo(start.status);

        Outcome outcome = order.timeOut(order.deadlineAt().plusMillis(1), DEADLINES);
        assertCancelled(order, outcome, OrderEndReasons.TIMED_OUT);
    }

    @ParameterizedTest
    @EnumSource(value = Start.class, names = {"SHIPPED", "DELIVERED", "CANCELLED", "REJECTED"})
    void aDeadlineChangesNothingOnceShippedOrEnded(Start start) {
        Order order = start.order();
        OrderStatus before = order.status();

        Outcome outcome = order.timeOut(LATER.plus(Duration.ofDays(30)), DEADLINES);

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.events()).isEmpty();
        assertThat(order.status()).isEqualTo(before);
    }

    /** Each transition event, and the states in which it no longer applies. */
    enum Refusal {
        AUTHORIZED(OrderMother::authorized, Start.CONFIRMED, Start.SHIPPED, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        DECLINED(OrderMother::declined, Start.CONFIRMED, Start.SHIPPED, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        RESERVATION_FAILED(OrderMother::reservationFailed, Start.CONFIRMED, Start.SHIPPED, Start.DELIVERED,
                Start.CANCELLED, Start.REJECTED),
        DISPATCHED(OrderMother::dispatched, Start.PENDING, Start.SHIPPED, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        DELIVERED(OrderMother::delivered, Start.PENDING, Start.CONFIRMED, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        SHIPMENT_FAILED(OrderMother::shipmentFailed, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        RESERVATION_EXPIRED(order -> OrderMother.released(order, Order.RESERVATION_EXPIRED), Start.SHIPPED,
                Start.DELIVERED, Start.CANCELLED, Start.REJECTED);

        final Function<Order, IntegrationEvent> event;
        final List<Start> ignoredIn;

        Refusal(Function<Order, IntegrationEvent> event, Start... ignoredIn) {
            this.event = event;
            this.ignoredIn = List.of(ignoredIn);
        }
    }

    @ParameterizedTest
    @EnumSource(Refusal.class)
    void anEventThatNoLongerAppliesIsRecordedAndChangesNothing(Refusal refusal) {
        for (Start start : refusal.ignoredIn) {
            Order order = start.order();
            OrderStatus status = order.status();
            String reason = order.reason();
            Instant updated = order.updatedAt();
            Instant deadline = order.deadlineAt();

            Outcome outcome = order.on(refusal.event.apply(order), LATER, DEADLINES);

            assertThat(outcome.applied()).as(refusal + " in " + start).isFalse();
            assertThat(outcome.events()).as(refusal + " in " + start).isEmpty();
            assertThat(outcome.detail()).contains(status.name());
            assertThat(order.status()).isEqualTo(status);
            assertThat(order.reason()).isEqualTo(reason);
            assertThat(order.updatedAt()).isEqualTo(updated);
            assertThat(order.deadlineAt()).isEqualTo(deadline);
        }
    }

    @ParameterizedTest
    @EnumSource(Start.class)
    void reportsOfOtherServicesStepsChangeNoState(Start start) {
        Order order = start.order();
        OrderStatus status = order.status();
        for (Function<Order, IntegrationEvent> report : List.<Function<Order, IntegrationEvent>>of(
                OrderMother::reserved, OrderMother::committed, o -> OrderMother.released(o, "PAYMENT_DECLINED"),
                OrderMother::captured, OrderMother::voided, OrderMother::refunded, OrderMother::shipmentCreated,
                OrderMother::shipmentCancelled)) {
            Outcome outcome = order.on(report.apply(order), LATER, DEADLINES);
            assertThat(outcome.events()).isEmpty();
            assertThat(order.status()).isEqualTo(status);
        }
    }

    @Test
    void anEventOfAnotherOrderIsRefused() {
        Order order = OrderMother.pending();
        Order other = OrderMother.pending();

        assertThatThrownBy(() -> order.on(OrderMother.authorized(other), LATER, DEADLINES))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(order.status()).isEqualTo(OrderStatus.PENDING);
    }

    @Test
    void aRedeliveredTransitionChangesNothingTheSecondTime() {
        Order order = OrderMother.pending();
        var authorized = OrderMother.authorized(order);

        assertThat(order.on(authorized, LATER, DEADLINES).events()).hasSize(1);
        Outcome again = order.on(authorized, LATER.plusSeconds(1), DEADLINES);

        assertThat(again.applied()).isFalse();
        assertThat(again.events()).isEmpty();
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    private static void assertCancelled(Order order, Outcome outcome, String reason) {
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo(reason);
        assertThat(order.deadlineAt()).isNull();
        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.events()).singleElement().isInstanceOfSatisfying(OrderCancelled.class, cancelled -> {
            assertThat(cancelled.orderId()).isEqualTo(order.id());
            assertThat(cancelled.reason()).isEqualTo(reason);
        });
    }

    enum Start {
        PENDING(OrderStatus.PENDING, OrderMother::pending),
        CONFIRMED(OrderStatus.CONFIRMED, OrderMother::confirmed),
        SHIPPED(OrderStatus.SHIPPED, OrderMother::shipped),
        DELIVERED(OrderStatus.DELIVERED, OrderMother::delivered),
        CANCELLED(OrderStatus.CANCELLED, OrderMother::cancelled),
        REJECTED(OrderStatus.REJECTED, OrderMother::rejected);

        final OrderStatus status;
        final Supplier<Order> factory;

        Start(OrderStatus status, Supplier<Order> factory) {
            this.status = status;
            this.factory = factory;
        }

        Order order() {
            Order order = factory.get();
            assertThat(order.status()).isEqualTo(status);
            return order;
        }
    }
}
