package com.example.commerce.order.order;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.events.inventory.StockLevelChanged;
import com.example.commerce.events.order.OrderPlaced;
import com.example.commerce.events.shared.Money;
import com.example.commerce.events.shared.OrderLine;
import com.example.commerce.order.timeline.Timeline;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the timeline names steps and sources, and which events the saga takes. */
class EventStepsTests {

    private static final Money ONE_EURO = new Money(100, "EUR");

    @Test
    void aStepIsTheEventsNameInUpperSnakeCase() {
        Order order = OrderMother.pending();
        assertThat(EventSteps.stepOf(OrderMother.reserved(order))).isEqualTo("STOCK_RESERVED");
        assertThat(EventSteps.stepOf(OrderMother.reservationFailed(order))).isEqualTo("STOCK_RESERVATION_FAILED");
        assertThat(EventSteps.stepOf(OrderMother.shipmentFailed(order))).isEqualTo("SHIPMENT_FAILED");
    }

    @Test
    void theSourceIsTheServiceThatProducesTheTopic() {
        assertThat(Timeline.sourceOf("inventory.events")).isEqualTo("inventory-service");
        assertThat(Timeline.sourceOf("payment.events")).isEqualTo("payment-service");
        assertThat(Timeline.sourceOf("shipping.events")).isEqualTo("shipping-service");
    }

    @Test
    void theSagaTakesTheOtherServicesOrderEventsOnly() {
        Order order = OrderMother.pending();
        assertThat(List.of(OrderMother.reserved(order), OrderMother.authorized(order), OrderMother.dispatched(order),
                OrderMother.shipmentCancelled(order), OrderMother.refunded(order))).allMatch(Order::handles);
        assertThat(Order.handles(new StockLevelChanged("MUG-1", 1, 0, Instant.now()))).isFalse();
        assertThat(Order.handles(new OrderPlaced(UUID.randomUUID(), UUID.randomUUID(), List.of(
                new OrderLine("MUG-1", 1, ONE_EURO)), ONE_EURO,
                OrderMother.ADDRESS, false, Instant.now()))).isFalse();
    }

    @Test
    void eachStateHasItsDeadlineAndATerminalOneNone() {
        Instant now = OrderMother.T0;
        Deadlines deadlines = OrderMother.DEADLINES;
        assertThat(deadlines.deadlineFor(OrderStatus.PENDING, now)).isEqualTo(now.plus(deadlines.pending()));
        assertThat(deadlines.deadlineFor(OrderStatus.CONFIRMED, now)).isEqualTo(now.plus(deadlines.confirmed()));
        assertThat(deadlines.deadlineFor(OrderStatus.BACKORDERED, now)).isEqualTo(now.plus(deadlines.backordered()));
        assertThat(deadlines.deadlineFor(OrderStatus.CANCELLING, now)).isEqualTo(now.plus(deadlines.cancelling()));
        assertThat(deadlines.deadlineFor(OrderStatus.SHIPPED, now)).isEqualTo(now.plus(deadlines.shipped()));
        for (OrderStatus open : List.of(OrderStatus.PENDING, OrderStatus.BACKORDERED, OrderStatus.CONFIRMED,
                OrderStatus.CANCELLING, OrderStatus.SHIPPED)) {
            assertThat(open.terminal()).as(open.name()).isFalse();
            assertThat(deadlines.deadlineFor(open, now)).as("every non-terminal state has a deadline").isNotNull();
        }
        for (OrderStatus terminal : List.of(OrderStatus.DELIVERED, OrderStatus.CANCELLED, OrderStatus.REJECTED)) {
            assertThat(terminal.terminal()).isTrue();
            assertThat(deadlines.deadlineFor(terminal, now)).isNull();
        }
    }
}
