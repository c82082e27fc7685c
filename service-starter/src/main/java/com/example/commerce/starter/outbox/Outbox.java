package com.example.commerce.starter.outbox;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.starter.tracing.EventTracing;
import java.sql.Timestamp;
import java.util.UUID;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where an application service records the events its state change causes. The row is written in the
 * caller's transaction, so the event exists if and only if the change was committed; the
 * {@link OutboxRelay} publishes it afterwards, woken by the commit. Nothing calls Kafka inside a business
 * transaction.
 */
public class Outbox {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final EventTracing tracing;
    private final Runnable committed;

    public Outbox(JdbcTemplate jdbc, JsonMapper json, EventTracing tracing) {
        this(jdbc, json, tracing, () -> { });
    }

    /**
     * @param committed told once after each transaction that recorded events commits (the relay of this instance
     *                  is woken: the events go out at once instead of at its next look)
     */
    public Outbox(JdbcTemplate jdbc, JsonMapper json, EventTracing tracing, Runnable committed) {
        this.jdbc = jdbc;
        this.json = json;
        this.tracing = tracing;
        this.committed = committed;
    }

    /**
     * Records {@code event} for publication on its context's topic, keyed by its aggregate id, with the
     * trace context of the caller (the REST request or the event being handled), so the trace continues
     * in whoever consumes it.
     *
     * @return the event's id (its CloudEvents {@code ce_id})
     * @throws IllegalStateException outside a transaction: an event without its state change is a lie
     */
    public UUID publish(IntegrationEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("Outbox.publish must run inside the transaction that changes the state");
        }
        String type = EventTypes.typeOf(event.getClass());
        UUID eventId = Uuids.v7();
        jdbc.update("""
                INSERT INTO outbox_event (event_id, topic, event_type, aggregate_id, payload, traceparent, occurred_at)
                VALUES (?, ?, ?, ?, ?, ?, ?)""",
                eventId, EventTypes.topicOf(type), type, event.aggregateId(), json.writeValueAsBytes(event),
                tracing.currentTraceparent(), Timestamp.from(event.occurredAt()));
        tellOnCommit();
        return eventId;
    }

    /** Registers, once per transaction, that {@link #committed} is told when it commits. */
    private void tellOnCommit() {
        if (!TransactionSynchronizationManager.isSynchronizationActive()) {
            return; // the relay finds the events at its next look
        }
        for (TransactionSynchronization registered : TransactionSynchronizationManager.getSynchronizations()) {
            if (registered instanceof TellOnCommit tell && tell.outbox() == this) {
                return;
            }
        }
        TransactionSynchronizationManager.registerSynchronization(new TellOnCommit(this));
    }

    private record TellOnCommit(Outbox outbox) implements TransactionSynchronization {
        @Override
        public void afterCommit() {
            outbox.committed.run();
        }
    }
}
