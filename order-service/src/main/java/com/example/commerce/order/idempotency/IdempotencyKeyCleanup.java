package com.example.commerce.order.idempotency;

import com.example.commerce.order.OrderProperties;
import com.example.commerce.starter.BatchSweep;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/** Deletes expired Idempotency-Key records every {@code commerce.order.idempotency.cleanup-interval}. */
@Component
class IdempotencyKeyCleanup extends BatchSweep {

    private static final Logger log = LoggerFactory.getLogger(IdempotencyKeyCleanup.class);

    private final IdempotencyKeys keys;
    private final Clock clock;

    IdempotencyKeyCleanup(IdempotencyKeys keys, OrderProperties properties, Clock clock) {
        // One statement deletes every expired record, so each sweep waits the interval after it.
        super("order-idempotency-cleanup", properties.idempotency().cleanupInterval(), Integer.MAX_VALUE);
        this.keys = keys;
        this.clock = clock;
    }

    @Override
    protected int sweep() {
        int deleted = keys.deleteExpiredBefore(clock.instant());
        if (deleted > 0) {
            log.info("Deleted {} expired Idempotency-Key records", deleted);
        }
        return deleted;
    }
}
