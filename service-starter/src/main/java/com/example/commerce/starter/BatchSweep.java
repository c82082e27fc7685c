package com.example.commerce.starter;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link BackgroundLoop} that sweeps in batches: {@link #sweep()} handles up to a batch of due work (expired
 * carts, overdue orders, reservations past their time) and says how much it handled. A full batch is followed
 * at once by the next, so a backlog drains without waiting; anything less waits {@code interval}. A sweep that
 * fails is logged and tried again after the interval: the work stays due, nothing is lost. Two instances may
 * sweep at once when {@link #sweep()} locks what it takes ({@code FOR UPDATE SKIP LOCKED}).
 */
public abstract class BatchSweep extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(BatchSweep.class);

    private final Duration interval;
    private final int batchSize;

    /**
     * @param batchSize the most {@link #sweep()} handles at once; {@link Integer#MAX_VALUE} for a sweep that takes
     *                  everything due in one go (and so always waits the interval after it)
     */
    protected BatchSweep(String threadName, Duration interval, int batchSize) {
        super(threadName);
        this.interval = interval;
        this.batchSize = batchSize;
    }

    /** Handles up to a batch of due work; returns how much it handled. */
    protected abstract int sweep();

    @Override
    protected final void runUntilStopped() {
        while (isRunning()) {
            int handled = 0;
            try {
                handled = sweep();
            } catch (RuntimeException e) {
                log.warn("{} failed; trying again in {}", getClass().getSimpleName(), interval, e);
            }
            if (handled < batchSize) {
                try {
                    if (!pause(interval)) {
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
