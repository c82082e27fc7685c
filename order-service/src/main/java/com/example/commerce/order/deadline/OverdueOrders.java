package com.example.commerce.order.deadline;

import com.example.commerce.order.order.Deadlines;
import com.example.commerce.order.order.Order;
import com.example.commerce.order.order.OrderJournal;
import com.example.commerce.order.order.OrderStatus;
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
 * Enforces the deadline of every non-terminal order, a batch per transaction ({@link Order#timeOut} decides per
 * state: PENDING and BACKORDERED are cancelled, CONFIRMED asks shipping to cancel, CANCELLING asks again, SHIPPED
 * is recorded overdue in transit; those that stay move their deadline on). Each overdue order gets a
 * DEADLINE_PASSED entry on its timeline and counts in {@code commerce.orders.overdue} (tag {@code status}, the
 * state it was overdue in). The rows are locked with {@code FOR UPDATE SKIP LOCKED}, so two instances take
 * different orders, and a listener changing the same order waits for the lock and then sees the new state.
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

    /** @return how many overdue orders were taken (a full batch means more may be waiting) */
    @Transactional
    public int enforceDeadlines() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        List<UUID> overdue = orders.lockOverdue(now, deadlines.batchSize());
        int taken = 0;
        for (UUID id : overdue) {
            Order order = orders.findById(id).orElseThrow();
            OrderStatus before = order.status();
            Outcome outcome = order.timeOut(now, deadlines);
            if (outcome.applied()) {
                timeline.record(id, now, "DEADLINE_PASSED", "none", Timeline.ORDER_SERVICE, outcome.detail(), true,
                        order.status());
                journal.publish(order, outcome, now);
                journal.overdue(before);
                taken++;
                log.info("Order {} overdue in {}: {}", id, before, outcome.detail());
            }
        }
        return taken;
    }
}
