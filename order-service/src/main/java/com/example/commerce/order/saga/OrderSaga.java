package com.example.commerce.order.saga;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.order.order.Deadlines;
import com.example.commerce.order.order.EventSteps;
import com.example.commerce.order.order.Order;
import com.example.commerce.order.order.OrderJournal;
import com.example.commerce.order.order.OrderStatus;
import com.example.commerce.order.order.Orders;
import com.example.commerce.order.order.Outcome;
import com.example.commerce.order.timeline.Timeline;
import com.example.commerce.starter.inbox.ReceivedEvent;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Moves an order on an event of inventory, payment or shipping: loads it, lets it decide, records the event
 * on its timeline (applied or not) and publishes what followed, in the inbox's transaction. A concurrent
 * change of the same order (a customer's cancel, the other topic's listener) fails the version check at
 * commit; the inbox rolls back and the container redelivers, and the event is applied to the new state.
 */
@Service
public class OrderSaga {

    private static final Logger log = LoggerFactory.getLogger(OrderSaga.class);

    private final Orders orders;
    private final Timeline timeline;
    private final OrderJournal journal;
    private final Deadlines deadlines;
    private final Clock clock;

    OrderSaga(Orders orders, Timeline timeline, OrderJournal journal, Deadlines deadlines, Clock clock) {
        this.clock = clock;
        this.orders = orders;
        this.timeline = timeline;
        this.journal = journal;
        this.deadlines = deadlines;
    }

    /**
     * @throws UnknownOrderException for an event of an order this service does not have (yet): retried by
     *                               the container, then dead-lettered
     */
    @Transactional
    public void handle(ReceivedEvent received) {
        IntegrationEvent event = received.payload();
        if (!Order.handles(event)) {
            // A type the saga has no step for (a newer producer's, say): taken by the inbox, changes nothing.
            log.debug("Order saga passed over {} {}", received.type(), received.eventId());
            return;
        }
        UUID orderId = UUID.fromString(event.aggregateId());
        Order order = orders.findById(orderId).orElseThrow(() -> new UnknownOrderException(orderId, received.type()));
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        OrderStatus before = order.status();
        Outcome outcome = order.on(event, now, deadlines);
        timeline.record(orderId, now, EventSteps.stepOf(event), received.type(), Timeline.sourceOf(received.topic()),
                outcome.detail(), outcome.applied(), order.status());
        journal.publish(order, outcome, now);
        if (!outcome.applied()) {
            log.info("Order {} ({}) ignored {}: {}", orderId, before, received.type(), outcome.detail());
        }
    }
}
