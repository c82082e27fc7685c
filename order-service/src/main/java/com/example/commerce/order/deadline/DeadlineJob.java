package com.example.commerce.order.deadline;

import com.example.commerce.order.order.Deadlines;
import com.example.commerce.starter.BatchSweep;
import org.springframework.stereotype.Component;

/** Enforces the deadlines of overdue orders every {@code commerce.order.deadlines.check-interval}; a full batch is followed at once. */
@Component
class DeadlineJob extends BatchSweep {

    private final OverdueOrders overdue;

    DeadlineJob(OverdueOrders overdue, Deadlines deadlines) {
        super("order-deadlines", deadlines.checkInterval(), deadlines.batchSize());
        this.overdue = overdue;
    }

    @Override
    protected int sweep() {
        return overdue.enforceDeadlines();
    }
}
