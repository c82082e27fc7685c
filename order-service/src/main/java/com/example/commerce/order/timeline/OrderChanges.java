package com.example.commerce.order.timeline;

import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.springframework.stereotype.Component;

/**
 * The in-process wake-up of those who wait for an order to change (long-polls, event streams). It only
 * shortens a wait: waiters re-read the database at a short interval anyway, so a change committed by
 * another instance of the service (or a signal that came between a waiter's read and its wait) is seen at
 * the next re-read.
 */
@Component
public class OrderChanges {

    private static final class Waiters {
        private int count;
    }

    private final ConcurrentMap<UUID, Waiters> waiters = new ConcurrentHashMap<>();

    /** Wakes everyone waiting for {@code orderId} on this instance. */
    public void signal(UUID orderId) {
        Waiters those = waiters.get(orderId);
        if (those != null) {
            synchronized (those) {
                those.notifyAll();
            }
        }
    }

    /** Waits at most {@code atMost} for a signal of {@code orderId}. */
    public void await(UUID orderId, Duration atMost) throws InterruptedException {
        Waiters those = waiters.compute(orderId, (id, known) -> {
            Waiters counted = known == null ? new Waiters() : known;
            counted.count++;
            return counted;
        });
        try {
            synchronized (those) {
                those.wait(Math.max(1, atMost.toMillis()));
            }
        } finally {
            waiters.compute(orderId, (id, known) -> known == null || --known.count == 0 ? null : known);
        }
    }
}
