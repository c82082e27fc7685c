package com.example.commerce.order.order;

import com.example.commerce.order.OrderProperties;
import com.example.commerce.order.timeline.OrderChanges;
import com.example.commerce.order.timeline.TimelineEntry;
import com.example.commerce.starter.security.Caller;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-Sent Events of an order: a {@code status} event at once, then a {@code timeline} event per entry
 * of its timeline (from the start, or after {@code Last-Event-ID}), until the order is terminal or
 * {@code commerce.order.waiting.stream-max} has passed. Each stream is fed by a virtual thread that re-reads
 * the timeline when this instance changes the order and at the re-check interval (another instance's
 * changes). At most {@code commerce.order.waiting.max-streams} are open at once.
 */
@Component
public class OrderEventStreams {

    private static final Logger log = LoggerFactory.getLogger(OrderEventStreams.class);

    /** The data of a {@code timeline} event: the entry and the order's status after it. */
    public record StreamedEntry(Instant at, String step, String eventType, String source, String detail,
                                boolean applied, String status) {
    }

    /** The data of the {@code status} event. */
    public record StreamedStatus(UUID orderId, OrderStatus status, String reason) {
    }

    /** Every stream is taken. */
    public static class TooManyStreamsException extends RuntimeException {
        TooManyStreamsException(int max) {
            super("All " + max + " event streams of this instance are open; retry shortly or long-poll the order.");
        }
    }

    private final OrderTracking tracking;
    private final OrderChanges changes;
    private final OrderProperties.Waiting properties;
    private final Semaphore streams;

    OrderEventStreams(OrderTracking tracking, OrderChanges changes, OrderProperties properties) {
        this.tracking = tracking;
        this.changes = changes;
        this.properties = properties.waiting();
        this.streams = new Semaphore(this.properties.maxStreams());
    }

    /**
     * @throws OrderNotFoundException   not the caller's (or no such order)
     * @throws TooManyStreamsException  every stream is taken
     */
    public SseEmitter open(Caller caller, UUID id, long lastEventId) {
        OrderView order = tracking.view(caller, id);
        if (!streams.tryAcquire()) {
            throw new TooManyStreamsException(properties.maxStreams());
        }
        AtomicBoolean open = new AtomicBoolean(true);
        Runnable close = () -> {
            if (open.compareAndSet(true, false)) {
                streams.release();
            }
        };
        SseEmitter emitter = new SseEmitter(properties.streamMax().plusSeconds(5).toMillis());
        emitter.onCompletion(close);
        emitter.onTimeout(close);
        emitter.onError(failure -> close.run());
        Thread.ofVirtual().name("order-events-" + id).start(() -> feed(emitter, order, lastEventId, open, close));
        return emitter;
    }

    private void feed(SseEmitter emitter, OrderView order, long lastEventId, AtomicBoolean open, Runnable close) {
        long giveUpAt = System.nanoTime() + properties.streamMax().toNanos();
        long after = lastEventId;
        try {
            emitter.send(SseEmitter.event().name("status")
                    .data(new StreamedStatus(order.id(), order.status(), order.reason()), MediaType.APPLICATION_JSON));
            while (open.get()) {
                List<TimelineEntry> entries = tracking.entriesAfter(order.id(), after);
                boolean ended = false;
                for (TimelineEntry entry : entries) {
                    emitter.send(SseEmitter.event().id(Long.toString(entry.id())).name("timeline")
                            .data(new StreamedEntry(entry.at(), entry.step(), entry.eventType(), entry.source(),
                                    entry.detail(), entry.applied(), entry.status()), MediaType.APPLICATION_JSON));
                    after = entry.id();
                    ended = OrderStatus.valueOf(entry.status()).terminal();
                }
                if (entries.isEmpty() && after == lastEventId && order.status().terminal()) {
                    ended = true; // resumed after the last entry of an order that has ended
                }
                long left = giveUpAt - System.nanoTime();
                if (ended || left <= 0) {
                    break;
                }
                changes.await(order.id(), Duration.ofNanos(Math.min(left, properties.recheckInterval().toNanos())));
            }
            emitter.complete();
        } catch (IOException | IllegalStateException gone) {
            log.debug("Event stream of order {} ended: {}", order.id(), gone.getMessage());
            emitter.completeWithError(gone);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            emitter.complete();
        } catch (RuntimeException failed) {
            log.warn("Event stream of order {} failed", order.id(), failed);
            emitter.completeWithError(failed);
        } finally {
            close.run();
        }
    }

    /** How many streams are open now (for tests and metrics). */
    public int openStreams() {
        return properties.maxStreams() - streams.availablePermits();
    }
}
