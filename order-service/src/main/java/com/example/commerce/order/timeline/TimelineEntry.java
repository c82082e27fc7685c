package com.example.commerce.order.timeline;

import java.time.Instant;
import java.util.UUID;

/**
 * One step of an order's saga as the timeline keeps it.
 *
 * @param id        growing with every entry (the SSE event id)
 * @param step      what happened, e.g. PAYMENT_AUTHORIZED (consumed) or CONFIRMED (the order's own step)
 * @param eventType the CloudEvents type consumed or published
 * @param source    the service that caused it: order-service, or the producer of the topic it came from
 * @param applied   false for an event that no longer applied (late or out of order) and changed nothing
 * @param status    the order's status after the step
 */
public record TimelineEntry(long id, UUID orderId, Instant at, String step, String eventType, String source,
                            String detail, boolean applied, String status) {
}
