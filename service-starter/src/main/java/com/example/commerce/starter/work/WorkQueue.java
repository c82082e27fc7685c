package com.example.commerce.starter.work;

import com.example.commerce.starter.tracing.EventTracing;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * Where an application service records outbound work (a call to a third party, an e-mail to relay) in its
 * business transaction: the row exists if and only if the state change that asks for it was committed, and
 * the {@link WorkWorkers} of this instance are woken the moment that transaction commits. Enqueueing the same
 * (kind, key) again changes nothing ({@code ON CONFLICT DO NOTHING}), so a redelivered event asks once.
 */
public class WorkQueue {

    private final JdbcTemplate jdbc;
    private final JsonMapper json;
    private final Clock clock;
    private final int defaultMaxAttempts;
    private final Runnable wakeWorkers;
    private final EventTracing tracing;

    /**
     * @param defaultMaxAttempts attempts of work enqueued without its own cap
     * @param wakeWorkers        what to call after the enqueuing transaction committed (the local workers' wake)
     */
    public WorkQueue(JdbcTemplate jdbc, JsonMapper json, Clock clock, int defaultMaxAttempts, Runnable wakeWorkers) {
        this(jdbc, json, clock, defaultMaxAttempts, wakeWorkers, EventTracing.NONE);
    }

    /** @param tracing where the trace of the enqueuing transaction comes from (kept with the row for the worker) */
    public WorkQueue(JdbcTemplate jdbc, JsonMapper json, Clock clock, int defaultMaxAttempts, Runnable wakeWorkers,
                     EventTracing tracing) {
        this.tracing = tracing;
        this.jdbc = jdbc;
        this.json = json;
        this.clock = clock;
        this.defaultMaxAttempts = defaultMaxAttempts;
        this.wakeWorkers = wakeWorkers;
    }

    /** Enqueues work due now with the default cap; {@code payload} is written as JSON. @see #enqueue(String, String, String, Instant, int) */
    public boolean enqueue(String kind, String key, Object payload) {
        return enqueue(kind, key, payload instanceof String text ? text : json.writeValueAsString(payload),
                clock.instant(), defaultMaxAttempts);
    }

    /**
     * Records work of {@code kind} under {@code key}, due at {@code dueAt}, tried at most {@code maxAttempts} times.
     *
     * @return whether it was new (false: that kind and key were enqueued before, and nothing changed)
     * @throws IllegalStateException outside a transaction: work without the state change that asks for it is a lie
     */
    public boolean enqueue(String kind, String key, String payloadJson, Instant dueAt, int maxAttempts) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("WorkQueue.enqueue must run inside the transaction that asks for the work");
        }
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, not " + maxAttempts);
        }
        Timestamp now = Timestamp.from(clock.instant());
        boolean added = jdbc.update("""
                INSERT INTO work_item (kind, work_key, payload, status, due_at, max_attempts, created_at, updated_at,
                                       traceparent)
                VALUES (?, ?, ?, 'DUE', ?, ?, ?, ?, ?) ON CONFLICT (kind, work_key) DO NOTHING""",
                kind, key, payloadJson, Timestamp.from(dueAt), maxAttempts, now, now,
                tracing.currentTraceparent()) == 1;
        if (added && TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeWorkers.run();
                }
            });
        }
        return added;
    }

    /** The row of {@code kind} and {@code key}, as it stands. */
    public Optional<WorkItem> find(String kind, String key) {
        List<WorkItem> rows = jdbc.query("SELECT * FROM work_item WHERE kind = ? AND work_key = ?",
                (rs, i) -> WorkLeases.item(rs), kind, key);
        return rows.stream().findFirst();
    }
}
