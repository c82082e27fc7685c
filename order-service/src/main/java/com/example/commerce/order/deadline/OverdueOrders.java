package com.example.commerce.order.deadline;

import com.example.commerce.order.order.Deadlines;
import com.example.commerce.order.order.Order;
import com.example.commerce.order.order.OrderJournal;
import com.example.commerce.order.order.Orders;
import com.example.commerce.order.order.Outcome;
import com.example.commerce.order.timeline.Timeline;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Cancels PENDING and CONFIRMED orders past their deadline (TIMED_OUT + OrderCancelled), a batch per
 * transaction. The rows are locked with {@code FOR UPDATE SKIP LOCKED}, so two instances take different
 * orders, and a listener changing the same order waits for the lock and then sees the cancelled order.
 */
@Service
public class OverdueOrders {

    private static final Logger log = LoggerFactory.getLogger(OverdueOrders.class);

    private final Orders orders;
    private final Timeline timeline;
    private final OrderJournal journal;
    private final Deadlines deadlines;
    private final Clock clock;

    OverdueOrders(Orders orders, Timeline timeline, OrderJournal journal, Deadlines deadlines, Clock clock) {
        this.clock = clock;
        this.orders = orders;
        this.timeline = timeline;
        this.journal = journal;
        this.deadlines = deadlines;
    }

    /** @return how many orders were cancelled (a full batch means more may be waiting) */
    @Transactional
    public int cancelOverdue() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<UUID> overdue = orders.lockOverdue(now, deadlines.batchSize());
        int cancelled = 0;
        for (UUID id : overdue) {
            Order order = orders.findById(id).orElseThrow();
            Outcome outcome = order.timeOut(now, deadlines);
            if (outcome.applied()) {
                timeline.record(id, now, "DEADLINE_PASSED", "none", Timeline.ORDER_SERVICE, outcome.detail(), true,
                        order.status());
                journal.publish(order, outcome, now);
                cancelled++;
                log.info("Order {} timed out: {}", id, outcome.detail());
            }
        }
        return cancelled;
    }
}
