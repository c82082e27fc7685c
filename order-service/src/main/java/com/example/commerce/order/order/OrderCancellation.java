package com.example.commerce.order.order;

import com.example.commerce.order.access.Scopes;
import com.example.commerce.order.timeline.Timeline;
import com.example.commerce.starter.security.Caller;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A customer's (or an integrator's, {@code orders:write}) cancel: immediate before CONFIRMED, a request to
 * shipping once CONFIRMED (the order is CANCELLING until shipping answers, see {@link Order#cancelOnRequest}).
 * The order's version guards it: when an event changed the order between our read and our write, the cancel
 * is decided again on the new state, so neither the cancel nor the event is lost.
 */
@Service
public class OrderCancellation {

    private static final int ATTEMPTS = 5;

    private final Orders orders;
    private final Timeline timeline;
    private final OrderJournal journal;
    private final Deadlines deadlines;
    private final TransactionTemplate transactions;
    private final Clock clock;

    OrderCancellation(Orders orders, Timeline timeline, OrderJournal journal, Deadlines deadlines,
                      TransactionTemplate transactions, Clock clock) {
        this.clock = clock;
        this.orders = orders;
        this.timeline = timeline;
        this.journal = journal;
        this.deadlines = deadlines;
        this.transactions = transactions;
    }

    /**
     * @return the order after the cancel: CANCELLED, or CANCELLING while shipping is asked
     * @throws OrderNotFoundException       unknown, or neither the caller's nor cancellable by them
     * @throws OrderNotCancellableException SHIPPED, DELIVERED or REJECTED
     */
    public OrderView cancel(Caller caller, UUID id) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transactions.execute(status -> cancelOnce(caller, id));
            } catch (OptimisticLockingFailureException raced) {
                if (attempt == ATTEMPTS) {
                    throw raced;
                }
            }
        }
    }

    private OrderView cancelOnce(Caller caller, UUID id) {
        Order order = orders.findById(id).orElseThrow(() -> new OrderNotFoundException(id));
        if (!caller.hasScope(Scopes.ORDERS_WRITE) && !order.customerId().toString().equals(caller.subject())) {
            throw new OrderNotFoundException(id);
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Outcome outcome = order.cancelOnRequest(now, deadlines);
        if (outcome.applied()) {
            timeline.record(id, now, "CANCEL_REQUESTED", "none", Timeline.ORDER_SERVICE,
                    "asked by " + caller.subject(), true, order.status());
            journal.publish(order, outcome, now);
            orders.saveAndFlush(order);
        }
        return OrderView.of(order);
    }
}
