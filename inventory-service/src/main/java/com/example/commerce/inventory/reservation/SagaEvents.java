package com.example.commerce.inventory.reservation;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.starter.inbox.EventRejectedException;
import com.example.commerce.starter.inbox.Inbox;
import com.example.commerce.starter.inbox.ReceivedEvent;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.kafka.listener.BatchListenerFailedException;

/**
 * What the saga listeners share: reading a poll's payloads to know up front what it will lock, and handing
 * the poll to the inbox so that a lock conflict (a deadlock or serialization failure, which PostgreSQL
 * resolves by aborting one side) is tried again at once instead of counting towards a dead letter.
 */
final class SagaEvents {

    private static final Logger log = LoggerFactory.getLogger(SagaEvents.class);

    /** How often a poll is handed to the inbox again after a lock conflict before the container takes over. */
    static final int LOCK_CONFLICT_PASSES = 10;

    private static final Set<String> LOCK_CONFLICT_STATES = Set.of("40P01", "40001");

    private SagaEvents() {
    }

    static SagaPoll pollOf(Inbox inbox, List<ConsumerRecord<String, byte[]>> records) {
        List<IntegrationEvent> events = new ArrayList<>(records.size());
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                events.add(inbox.read(record).payload());
            } catch (EventRejectedException unreadable) {
                // The inbox dead-letters it when it reaches it; it locks nothing.
            }
        }
        return SagaPoll.of(events);
    }

    /**
     * {@link Inbox#receiveAll}, again after a lock conflict (up to {@link #LOCK_CONFLICT_PASSES} passes): the
     * records committed before the conflict are duplicates on the next pass, so nothing runs twice. Any other
     * failure, or a conflict that outlasts the passes, reaches the container's error handler (which retries
     * it with backoff too) as the inbox threw it.
     */
    static void receiveAll(Inbox inbox, String consumer, List<ConsumerRecord<String, byte[]>> records,
                           Consumer<ReceivedEvent> effect) {
        for (int pass = 1; ; pass++) {
            try {
                inbox.receiveAll(consumer, records, effect);
                return;
            } catch (BatchListenerFailedException failed) {
                if (pass >= LOCK_CONFLICT_PASSES || !isLockConflict(failed)) {
                    throw failed;
                }
                log.info("{}: lock conflict on pass {} of a poll of {} record(s); trying again: {}", consumer, pass,
                        records.size(), failed.getMessage());
            }
        }
    }

    /** Whether {@code failure} is, or was caused by, a deadlock or serialization failure. */
    static boolean isLockConflict(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof ConcurrencyFailureException) {
                return true;
            }
            if (cause instanceof SQLException sql && LOCK_CONFLICT_STATES.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
