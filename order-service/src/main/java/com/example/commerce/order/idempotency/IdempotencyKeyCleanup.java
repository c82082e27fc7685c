package com.example.commerce.order.idempotency;

import com.example.commerce.order.OrderProperties;
import com.example.commerce.starter.BackgroundLoop;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Deletes expired Idempotency-Key records every {@code commerce.order.idempotency.cleanup-interval}. */
@Component
class IdempotencyKeyCleanup extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

    private final IdempotencyKeys keys;
    private final OrderProperties properties;

    IdempotencyKeyCleanup(IdempotencyKeys keys, OrderProperties properties) {
        super("order-idempotency-cleanup");
        this.keys = keys;
        this.properties = properties;
    }

    @Override
    protected void runUntilStopped() {
        while (isRunning()) {
            try {
                int deleted = keys.deleteExpired();
                if (deleted > 0) {
                    log.info("Deleted {} expired Idempotency-Key records", deleted);
                }
            } catch (RuntimeException e) {
                log.warn("Deleting expired Idempotency-Key records failed", e);
            }
            try {
                if (!pause(properties.idempotency().cleanupInterval())) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
