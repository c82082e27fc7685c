package com.example.commerce.order.deadline;

import com.example.commerce.order.order.Deadlines;
import com.example.commerce.starter.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Looks for overdue orders every {@code commerce.order.deadlines.check-interval}; a full batch is followed at once. */
@Component
class DeadlineJob extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(DeadlineJob.class);

    private final OverdueOrders overdue;
    private final Deadlines deadlines;

    DeadlineJob(OverdueOrders overdue, Deadlines deadlines) {
        super("order-deadlines");
        this.overdue = overdue;
        this.deadlines = deadlines;
    }

    @Override
    protected void runUntilStopped() {
        while (isRunning()) {
            int cancelled = 0;
            try {
                cancelled = overdue.cancelOverdue();
            } catch (RuntimeException e) {
                log.warn("Cancelling overdue orders failed; trying again in {}", deadlines.checkInterval(), e);
            }
            if (cancelled < deadlines.batchSize()) {
                try {
                    if (!pause(deadlines.checkInterval())) {
                        return;
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
