package com.example.commerce.shipping.saga;

import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.springframework.stereotype.Component;

/** Wakes the courier sweep early: new work was committed, or a slot for a call came free. */
@Component
class CourierWorkSignal {

    private final Semaphore signals = new Semaphore(0);

    void wake() {
        signals.release();
    }

    /** Waits until woken or {@code patience} passes; a burst of wakes counts as one. */
    void await(Duration patience) throws InterruptedException {
        if (signals.tryAcquire(patience.toMillis(), TimeUnit.MILLISECONDS)) {
            signals.drainPermits();
        }
    }
}
