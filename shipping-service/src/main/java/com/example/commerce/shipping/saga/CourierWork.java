package com.example.commerce.shipping.saga;

import com.example.commerce.shipping.courier.BookingResult;
import com.example.commerce.shipping.courier.Courier;
import com.example.commerce.shipping.courier.CourierProperties;
import com.example.commerce.shipping.courier.CourierUnavailableException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Performs the courier work that the saga recorded, outside any database transaction: claims due shipments
 * that no call is in flight for (a short transaction: due, not leased, skipping rows another transaction
 * holds; each claim leases the row to this instance and takes a new fencing token), calls the courier for
 * each on a virtual thread of its own, at most {@code parallelism} at once, and records each answer in a
 * transaction of its own.
 * Woken right after an intent commits; otherwise it sweeps every {@code sweep-interval}, which also picks up
 * work a crash left between its commit and its call (once its lease ran out), and work due again after a
 * transient failure. Each answer is recorded only under the claim's fencing token (see ShipmentSaga).
 *
 * <p>This is a small, shipping-only version of the reliable outbound work that service-starter is getting
 * (a fenced claim shared by every service); courier work moves onto that mechanism next.
 */
@Component
class CourierWork implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(CourierWork.class);

    private final ShipmentSaga saga;
    private final Courier courier;
    private final CourierProperties properties;
    private final CourierWorkSignal signal;
    private final Semaphore slots;
    private final String owner = "shipping-" + UUID.randomUUID();
    private volatile boolean running;
    private long lastLookUp = System.nanoTime() - Long.MAX_VALUE / 2;
    private Thread loop;

    CourierWork(ShipmentSaga saga, Courier courier, CourierProperties properties, CourierWorkSignal signal) {
        this.saga = saga;
        this.courier = courier;
        this.properties = properties;
        this.signal = signal;
        this.slots = new Semaphore(properties.parallelism());
    }

    private void sweep() {
        while (running) {
            try {
                int free = slots.availablePermits();
                List<CourierTask> tasks = free == 0 ? List.of()
                        : new ArrayList<>(saga.claimDue(Math.min(free, properties.batchSize()), owner));
                // Paced by elapsed time, not by the clock's reading (which a test may move either way).
                long now = System.nanoTime();
                if (free > tasks.size() && now - lastLookUp >= properties.sweepInterval().toNanos()) {
                    lastLookUp = now;
                    tasks.addAll(saga.claimUnheardOf(Math.min(free - tasks.size(), properties.batchSize()), owner));
                }
                for (CourierTask task : tasks) {
                    slots.acquire();
                    Thread.ofVirtual().name("courier-" + task.shipmentId()).start(() -> {
                        try {
                            perform(task);
                        } finally {
                            slots.release();
                            signal.wake();
                        }
                    });
                }
                if (tasks.isEmpty()) {
                    signal.await(properties.sweepInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                log.warn("Courier sweep failed; trying again after the sweep interval", e);
                try {
                    signal.await(properties.sweepInterval());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private void perform(CourierTask task) {
        try {
            switch (task.work()) {
                case BOOK -> book(task);
                case CANCEL -> cancel(task);
                case RELEASE -> release(task);
                case TRACK -> track(task);
            }
        } catch (RuntimeException e) {
            // The claim's lease runs out and the sweep tries again.
            log.warn("Courier work for shipment {} failed; due again when its lease ends", task.shipmentId(), e);
        }
    }

    private void book(CourierTask task) {
        BookingResult result;
        try {
            result = courier.book(task.bookingKey(), task.booking());
        } catch (CourierUnavailableException unavailable) {
            saga.bookingUnanswered(task.shipmentId(), task.token(), unavailable.getMessage());
            return;
        }
        saga.bookingAnswered(task.shipmentId(), task.token(), result);
    }

    /**
     * Cancels at the courier. Without a known booking id (a booking was asked for but its answer not
     * recorded), asks the same booking question again under the same key: the courier answers with the
     * booking it made, if any, and that one is cancelled. When the courier says it is too late (it has the
     * parcel), its tracking is asked where the parcel is, and the shipment moves on at once on its word.
     */
    private void cancel(CourierTask task) {
        try {
            String bookingId = task.bookingId();
            if (bookingId == null) {
                BookingResult result = courier.book(task.bookingKey(), task.booking());
                if (!saga.bookingLearnt(task.shipmentId(), task.token(), result)) {
                    return;
                }
                if (result instanceof BookingResult.Refused) {
                    saga.cancelAnswered(task.shipmentId(), task.token());
                    return;
                }
                bookingId = ((BookingResult.Booked) result).bookingId();
            }
            if (courier.cancel(bookingId) == Courier.CancelResult.CANCELLED) {
                saga.cancelAnswered(task.shipmentId(), task.token());
            } else {
                saga.cancelTooLate(task.shipmentId(), task.token(), trackQuietly(bookingId));
            }
        } catch (CourierUnavailableException unavailable) {
            saga.cancelUnanswered(task.shipmentId(), task.token());
        }
    }

    /** Where the courier says the booking is; empty when it does not answer (its refusal is word enough). */
    private Optional<Courier.Tracked> trackQuietly(String bookingId) {
        try {
            return courier.track(bookingId);
        } catch (CourierUnavailableException unavailable) {
            return Optional.empty();
        }
    }

    /**
     * A shipment failed with a booking asked for but never answered: asks the same booking question again
     * under the same key and cancels what the courier booked, so no parcel of a failed shipment is picked up.
     */
    private void release(CourierTask task) {
        try {
            BookingResult result = courier.book(task.bookingKey(), task.booking());
            if (result instanceof BookingResult.Booked booked) {
                Courier.CancelResult cancelled = courier.cancel(booked.bookingId());
                saga.released(task.shipmentId(), task.token(), cancelled == Courier.CancelResult.CANCELLED
                        ? "Booking " + booked.bookingId() + " made after the shipment failed: cancelled at the courier"
                        : "Booking " + booked.bookingId() + " made after the shipment failed is already dispatched");
            } else {
                saga.released(task.shipmentId(), task.token(), "The courier holds no booking of this failed shipment");
            }
        } catch (CourierUnavailableException unavailable) {
            saga.releaseUnanswered(task.shipmentId(), task.token());
        }
    }

    /**
     * Asks the courier where a shipment is that it has said nothing about for a while (lost callbacks, or a
     * parcel past the transit bound).
     */
    private void track(CourierTask task) {
        try {
            saga.tracked(task.shipmentId(), task.token(), courier.track(task.bookingId()));
        } catch (CourierUnavailableException unavailable) {
            log.debug("Courier did not answer where shipment {} is; asking again next period", task.shipmentId());
            saga.trackUnanswered(task.shipmentId(), task.token());
        }
    }

    @Override
    public synchronized void start() {
        running = true;
        loop = Thread.ofVirtual().name("courier-sweep").start(this::sweep);
    }

    @Override
    public synchronized void stop() {
        running = false;
        signal.wake();
        if (loop != null) {
            try {
                loop.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            loop = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
