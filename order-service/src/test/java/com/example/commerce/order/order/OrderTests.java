package com.example.commerce.order.order;

import com.example.commerce.events.shared.Shortage;

import com.example.commerce.events.shared.OrderLine;

import com.example.commerce.events.order.OrderBackordered;

import static com.example.commerce.order.order.OrderMother.DEADLINES;
import static com.example.commerce.order.order.OrderMother.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.order.OrderCancellationRequested;
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

/** The order's state machine of saga.md and issue 13: every transition, and every event that no longer applies. */
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
        assertThat(order.deadlineAt()).isEqualTo(LATER.plus(Duration.ofDays(14)));
        assertThat(dispatched.applied()).isTrue();
        assertThat(dispatched.events()).isEmpty();

        Outcome delivered = order.on(OrderMother.delivered(order), LATER, DEADLINES);
        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.deadlineAt()).isNull();
        assertThat(delivered.events()).singleElement().isInstanceOf(OrderCompleted.class);
    }

    @Test
    void aShortageRejectsAnOrderThatAllowsNoBackorder() {
        Order order = OrderMother.pending();

        Outcome outcome = order.on(OrderMother.reservationFailed(order), LATER, DEADLINES);

        assertThat(order.status()).isEqualTo(OrderStatus.REJECTED);
        assertThat(order.reason()).isEqualTo(OrderEndReasons.OUT_OF_STOCK);
        assertThat(outcome.events()).singleElement().isInstanceOfSatisfying(OrderRejected.class,
                rejected -> assertThat(rejected.reason()).isEqualTo(OrderEndReasons.OUT_OF_STOCK));
    }

    @Test
    void aShortageBackordersAnOrderThatAllowsItWithTheShortagesAndItsLines() {
        Order order = OrderMother.pendingWithBackorder();

        Outcome outcome = order.on(OrderMother.reservationFailed(order), LATER, DEADLINES);

        assertThat(order.status()).isEqualTo(OrderStatus.BACKORDERED);
        assertThat(order.reason()).isNull();
        assertThat(order.deadlineAt()).isEqualTo(LATER.plus(Duration.ofDays(7)));
        assertThat(outcome.events()).singleElement().isInstanceOfSatisfying(OrderBackordered.class, backordered -> {
            assertThat(backordered.shortages()).containsExactly(new Shortage("MUG-1", 2, 1));
            assertThat(backordered.lines()).extracting(OrderLine::sku).containsExactly("MUG-1", "TEE-1");
        });
    }

    @Test
    void aFulfilledBackorderTakesTheOrderBackToPendingAndItsSagaGoesOn() {
        Order order = OrderMother.backordered();

        Outcome fulfilled = order.on(OrderMother.backorderFulfilled(order), LATER, DEADLINES);
        Outcome authorized = order.on(OrderMother.authorized(order), LATER.plusSeconds(1), DEADLINES);

        assertThat(fulfilled.applied()).isTrue();
        assertThat(fulfilled.events()).isEmpty();
        assertThat(authorized.events()).singleElement().isInstanceOf(OrderConfirmed.class);
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void anAuthorisationThatOvertookTheFulfilmentConfirmsAndTheLateFulfilmentIsANoOp() {
        Order order = OrderMother.backordered();

        Outcome authorized = order.on(OrderMother.authorized(order), LATER, DEADLINES);
        Outcome late = order.on(OrderMother.backorderFulfilled(order), LATER.plusSeconds(1), DEADLINES);

        assertThat(authorized.events()).singleElement().isInstanceOf(OrderConfirmed.class);
        assertThat(late.applied()).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
    }

    @Test
    void aFailedBackorderCancelsTheOrderWithBackorderFailedOnceAndAFulfilmentAfterItChangesNothing() {
        Order order = OrderMother.backordered();

        Outcome failed = order.on(OrderMother.backorderFailed(order), LATER, DEADLINES);
        Outcome again = order.on(OrderMother.backorderFailed(order), LATER, DEADLINES);
        Outcome late = order.on(OrderMother.backorderFulfilled(order), LATER, DEADLINES);

        assertCancelled(order, failed, OrderEndReasons.BACKORDER_FAILED);
        assertThat(again.applied()).isFalse();
        assertThat(late.applied()).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aBackorderFailureOfAnOrderNoLongerBackorderedIsANoOp() {
        Order order = OrderMother.confirmed();

        Outcome outcome = order.on(OrderMother.backorderFailed(order), LATER, DEADLINES);

        assertThat(outcome.applied()).isFalse();
        assertThat(order.status()).isEqualTo(OrderStatus.CONFIRMED);
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

    @Test
    void anExpiredReservationTimesOutAPendingOrder() {
        Order order = OrderMother.pending();

        Outcome outcome = order.on(OrderMother.released(order, Order.RESERVATION_EXPIRED), LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.TIMED_OUT);
    }

    @Test
    void anExpiredReservationOfAConfirmedOrderAsksShippingToCancel() {
        Order order = OrderMother.confirmed();

        Outcome outcome = order.on(OrderMother.released(order, Order.RESERVATION_EXPIRED), LATER, DEADLINES);

        assertCancelling(order, outcome, OrderEndReasons.TIMED_OUT);
    }

    @Test
    void theCustomerCancelsAPendingOrderAtOnce() {
        Order order = OrderMother.pending();

        Outcome outcome = order.cancelOnRequest(LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.CUSTOMER_REQUEST);
    }

    @Test
    void theCustomerCancelOfAConfirmedOrderAsksShippingAndCompensatesNothingYet() {
        Order order = OrderMother.confirmed();

        Outcome outcome = order.cancelOnRequest(LATER, DEADLINES);

        assertCancelling(order, outcome, OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(order.status().terminal()).isFalse();
    }

    @Test
    void aSecondCancelWhileCancellingIsNotAppliedAndPublishesNothing() {
        Order order = OrderMother.cancelling();
        Instant deadline = order.deadlineAt();

        Outcome again = order.cancelOnRequest(LATER, DEADLINES);

        assertThat(again.applied()).isFalse();
        assertThat(again.events()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLING);
        assertThat(order.reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(order.deadlineAt()).isEqualTo(deadline);
    }

    // The two answers of shipping to a cancel request, each racing the cancel both ways.

    @Test
    void cancelThenShipmentDispatchedShipsAndRefusesTheCancel() {
        Order order = OrderMother.cancelling();

        Outcome outcome = order.on(OrderMother.dispatched(order), LATER, DEADLINES);

        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.events()).as("no OrderCancelled: the courier has the parcel").isEmpty();
        assertThat(outcome.detail()).contains("cancel refused: the courier has the parcel");
        assertThat(order.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(order.reason()).isNull();
        assertThat(order.deadlineAt()).isEqualTo(LATER.plus(DEADLINES.shipped()));
        assertThat(order.on(OrderMother.dispatched(order), LATER, DEADLINES).applied()).as("repeated").isFalse();
    }

    @Test
    void shipmentDispatchedThenCancelIsRefused() {
        Order order = OrderMother.confirmed();
        order.on(OrderMother.dispatched(order), LATER, DEADLINES);

        assertThatThrownBy(() -> order.cancelOnRequest(LATER.plusSeconds(1), DEADLINES))
                .isInstanceOf(OrderNotCancellableException.class);
        assertThat(order.status()).isEqualTo(OrderStatus.SHIPPED);
    }

    @Test
    void cancelThenShipmentCancelledCancelsWithTheReasonAskedAndCompensates() {
        Order order = OrderMother.cancelling();

        Outcome outcome = order.on(OrderMother.shipmentCancelled(order), LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.CUSTOMER_REQUEST);
    }

    @Test
    void aShipmentCancelledRepeatedChangesNothing() {
        Order order = OrderMother.cancelling();
        order.on(OrderMother.shipmentCancelled(order), LATER, DEADLINES);

        Outcome again = order.on(OrderMother.shipmentCancelled(order), LATER.plusSeconds(1), DEADLINES);

        assertThat(again.events()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(order.reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(order.updatedAt()).isEqualTo(LATER);
    }

    @Test
    void shipmentCancelledThenCancelIsANoOp() {
        Order order = OrderMother.cancelling();
        order.on(OrderMother.shipmentCancelled(order), LATER, DEADLINES);

        Outcome again = order.cancelOnRequest(LATER.plusSeconds(1), DEADLINES);

        assertThat(again.applied()).isFalse();
        assertThat(again.events()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
    }

    @Test
    void aFailedShipmentWhileCancellingCancelsWithTheReasonAsked() {
        Order order = OrderMother.cancelling();

        Outcome outcome = order.on(OrderMother.shipmentFailed(order), LATER, DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.CUSTOMER_REQUEST);
        assertThat(outcome.detail()).contains("courier refused");
    }

    @Test
    void aDeliveryWhileCancellingIsTheMissedDispatchAndTheDelivery() {
        Order order = OrderMother.cancelling();

        Outcome outcome = order.on(OrderMother.delivered(order), LATER, DEADLINES);

        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(order.reason()).isNull();
        assertThat(order.deadlineAt()).isNull();
        assertThat(outcome.detail()).contains("cancel refused: the courier has the parcel");
        assertThat(outcome.events()).singleElement().isInstanceOf(OrderCompleted.class);
    }

    @Test
    void aDeliveryOfAConfirmedOrderWhoseDispatchWasNotReportedCompletesIt() {
        Order order = OrderMother.confirmed();

        Outcome outcome = order.on(OrderMother.delivered(order), LATER, DEADLINES);

        assertThat(order.status()).isEqualTo(OrderStatus.DELIVERED);
        assertThat(outcome.events()).singleElement().isInstanceOf(OrderCompleted.class);
    }

    @Test
    void aShipmentCancelledIsRecordedOnACancelledOrder() {
        Order order = OrderMother.cancelled();

        Outcome outcome = order.on(OrderMother.shipmentCancelled(order), LATER, DEADLINES);

        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.events()).isEmpty();
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLED);
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
    @EnumSource(value = Start.class, names = {"PENDING", "CONFIRMED", "CANCELLING", "SHIPPED"})
    void nothingHappensBeforeTheDeadline(Start start) {
        Order order = start.order();
        Instant deadline = order.deadlineAt();

        Outcome early = order.timeOut(deadline.minusMillis(1), DEADLINES);

        assertThat(early.applied()).isFalse();
        assertThat(early.events()).isEmpty();
        assertThat(order.status()).isEqualTo(start.status);
        assertThat(order.deadlineAt()).isEqualTo(deadline);
    }

    @Test
    void aPendingOrderPastItsDeadlineTimesOut() {
        Order order = OrderMother.pending();

        Outcome outcome = order.timeOut(order.deadlineAt().plusMillis(1), DEADLINES);

        assertCancelled(order, outcome, OrderEndReasons.TIMED_OUT);
    }

    @Test
    void aConfirmedOrderPastItsDeadlineAsksShippingToCancel() {
        Order order = OrderMother.confirmed();
        Instant at = order.deadlineAt().plusMillis(1);

        Outcome outcome = order.timeOut(at, DEADLINES);

        assertCancelling(order, outcome, OrderEndReasons.TIMED_OUT);
        assertThat(order.deadlineAt()).isEqualTo(at.plus(DEADLINES.cancelling()));
    }

    @Test
    void aCancellingOrderPastItsDeadlineAsksAgainWithTheReasonFirstAskedAndNeverCancels() {
        Order order = OrderMother.cancelling();
        Instant since = order.updatedAt();

        for (int ask = 1; ask <= 2; ask++) {
            Instant at = order.deadlineAt().plusMillis(1);
            Outcome outcome = order.timeOut(at, DEADLINES);

            assertThat(outcome.applied()).isTrue();
            assertThat(outcome.detail()).contains("asked again");
            assertThat(outcome.events()).singleElement().isInstanceOfSatisfying(OrderCancellationRequested.class,
                    requested -> {
                        assertThat(requested.reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
                        assertThat(requested.occurredAt()).isEqualTo(at);
                    });
            assertThat(order.status()).isEqualTo(OrderStatus.CANCELLING);
            assertThat(order.reason()).isEqualTo(OrderEndReasons.CUSTOMER_REQUEST);
            assertThat(order.deadlineAt()).isEqualTo(at.plus(DEADLINES.cancelling()));
            assertThat(order.updatedAt()).as("the status has not changed since").isEqualTo(since);
        }
    }

    @Test
    void aShippedOrderPastItsDeadlineIsRecordedOverdueInTransitAndStaysShipped() {
        Order order = OrderMother.shipped();
        Instant at = order.deadlineAt().plusMillis(1);

        Outcome outcome = order.timeOut(at, DEADLINES);

        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.events()).as("the order cannot decide alone that the parcel is lost").isEmpty();
        assertThat(outcome.detail()).contains("overdue in transit");
        assertThat(order.status()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(order.deadlineAt()).isEqualTo(at.plus(DEADLINES.shipped()));
    }

    @ParameterizedTest
    @EnumSource(value = Start.class, names = {"DELIVERED", "CANCELLED", "REJECTED"})
    void aDeadlineChangesNothingOnceEnded(Start start) {
        Order order = start.order();
        OrderStatus before = order.status();

        Outcome outcome = order.timeOut(LATER.plus(Duration.ofDays(30)), DEADLINES);

        assertThat(outcome.applied()).isFalse();
        assertThat(outcome.events()).isEmpty();
        assertThat(order.status()).isEqualTo(before);
    }

    /** Each transition event, and the states in which it no longer applies. */
    enum Refusal {
        AUTHORIZED(OrderMother::authorized, Start.CONFIRMED, Start.CANCELLING, Start.SHIPPED, Start.DELIVERED,
                Start.CANCELLED, Start.REJECTED),
        DECLINED(OrderMother::declined, Start.CONFIRMED, Start.CANCELLING, Start.SHIPPED, Start.DELIVERED,
                Start.CANCELLED, Start.REJECTED),
        RESERVATION_FAILED(OrderMother::reservationFailed, Start.CONFIRMED, Start.CANCELLING, Start.SHIPPED,
                Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        DISPATCHED(OrderMother::dispatched, Start.PENDING, Start.SHIPPED, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        DELIVERED(OrderMother::delivered, Start.PENDING, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        SHIPMENT_FAILED(OrderMother::shipmentFailed, Start.DELIVERED, Start.CANCELLED, Start.REJECTED),
        SHIPMENT_CANCELLED(OrderMother::shipmentCancelled, Start.PENDING, Start.CONFIRMED, Start.SHIPPED,
                Start.DELIVERED, Start.REJECTED),
        RESERVATION_EXPIRED(order -> OrderMother.released(order, Order.RESERVATION_EXPIRED), Start.CANCELLING,
                Start.SHIPPED, Start.DELIVERED, Start.CANCELLED, Start.REJECTED);

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
                OrderMother::captured, OrderMother::voided, OrderMother::refunded, OrderMother::shipmentCreated)) {
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

    private static void assertCancelling(Order order, Outcome outcome, String reason) {
        assertThat(order.status()).isEqualTo(OrderStatus.CANCELLING);
        assertThat(order.reason()).isEqualTo(reason);
        assertThat(order.deadlineAt()).isEqualTo(order.updatedAt().plus(DEADLINES.cancelling()));
        assertThat(outcome.applied()).isTrue();
        assertThat(outcome.events()).as("a request, nothing compensated yet").singleElement()
                .isInstanceOfSatisfying(OrderCancellationRequested.class, requested -> {
                    assertThat(requested.orderId()).isEqualTo(order.id());
                    assertThat(requested.reason()).isEqualTo(reason);
                });
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
        CANCELLING(OrderStatus.CANCELLING, OrderMother::cancelling),
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
