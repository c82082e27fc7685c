package com.example.commerce.starter.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javax.sql.DataSource;
import com.example.commerce.starter.BackgroundLoop;
import com.example.commerce.starter.ThrottledReading;
import com.example.commerce.starter.tracing.EventTracing;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Publishes outbox rows to Kafka in id order, in batches, and marks a row sent only after the broker
 * acknowledged it (idempotent producer, {@code acks=all}). While the broker is away it retries with
 * exponential backoff up to {@link OutboxProperties#maxBackoff()}; rows wait in the table meanwhile.
 *
 * <p>Safe with several instances of a service: only the holder of a PostgreSQL session advisory lock
 * relays, so per-key order holds; the others stand by and take over within a second of the holder's
 * connection ending. Delivery is at least once: a relay that dies between the broker's ack and its own
 * UPDATE sends those rows again, and consumers drop the duplicates by {@code ce_id}.
 *
 * <p>Records carry the CloudEvents 1.0 Kafka binary-mode headers and, when known, W3C {@code traceparent}.
 */
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration LEADER_RETRY = Duration.ofSeconds(1);
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(1);
    private static final Duration CLEANUP_EVERY = Duration.ofMinutes(1);

    private final DataSource dataSource;
    private final JdbcTemplate jdbc;
    private final Producer<String, byte[]> producer;
    private final OutboxProperties properties;
    private final String source;
    private final String lockName;
    private final EventTracing tracing;
    private final Counter published;
    private final Counter failures;
    private final ThrottledReading<Backlog> backlog;

    private volatile Connection leaderConnection;
    private Instant leaderCheckedAt = Instant.EPOCH;
    private Instant cleanedAt = Instant.EPOCH;

    /**
     * @param source the CloudEvents {@code ce_source} of this service, e.g. {@code /commerce/order-service}
     * @param lockName what the relays of one service agree on, e.g. its schema's outbox
     */
    public OutboxRelay(DataSource dataSource, Producer<String, byte[]> producer, OutboxProperties properties,
                       String source, String lockName, MeterRegistry meters, EventTracing tracing) {
        super("outbox-relay");
        this.dataSource = dataSource;
        this.jdbc = new JdbcTemplate(dataSource);
        this.producer = producer;
        this.properties = properties;
        this.source = source;
        this.lockName = lockName;
        this.tracing = tracing;
        this.published = Counter.builder("commerce.outbox.published")
                .description("Outbox events the broker acknowledged").register(meters);
        this.failures = Counter.builder("commerce.outbox.publish.failures")
                .description("Failed attempts to publish outbox events (retried)").register(meters);
        this.backlog = new ThrottledReading<>("Outbox backlog", METRICS_REFRESH, new Backlog(0, 0), this::readBacklog);
        Gauge.builder("commerce.outbox.pending", this, relay -> relay.backlog.get().pending())
                .description("Outbox events not yet acknowledged by the broker").register(meters);
        Gauge.builder("commerce.outbox.oldest.age", this, relay -> relay.backlog.get().oldestAgeSeconds())
                .baseUnit("seconds").description("Age of the oldest unsent outbox event").register(meters);
        Gauge.builder("commerce.outbox.relay.leader", this, relay -> relay.isLeader() ? 1 : 0)
                .description("1 while this instance holds the relay lock and publishes; 0 while it stands by")
                .register(meters);
    }

    @Override
    protected void afterStop() {
        releaseLeadership();
    }

    /** Whether this instance holds the relay lock right now. */
    public boolean isLeader() {
        return leaderConnection != null;
    }

    @Override
    protected void runUntilStopped() {
        Duration backoff = properties.pollInterval();
        while (isRunning()) {
            try {
                if (!holdLeadership()) {
                    pause(LEADER_RETRY);
                    continue;
                }
                int sent = relayOneBatch();
                cleanUpIfDue();
                backoff = properties.pollInterval();
                if (sent < properties.batchSize()) {
                    pause(properties.pollInterval());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException | SQLException e) {
                failures.increment();
                log.warn("Outbox relay could not publish ({}); retrying in {} ms", e.getMessage(), backoff.toMillis());
                try {
                    pause(backoff);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoff = backoff.multipliedBy(2).compareTo(properties.maxBackoff()) > 0
                        ? properties.maxBackoff() : backoff.multipliedBy(2);
            }
        }
    }

    /** Publishes the oldest unsent rows; returns how many the broker acknowledged. */
    int relayOneBatch() throws InterruptedException {
        List<OutboxRow> rows = jdbc.query("""
                SELECT id, event_id, topic, event_type, aggregate_id, payload, traceparent, occurred_at
                FROM outbox_event WHERE sent_at IS NULL ORDER BY id LIMIT ?""",
                (rs, n) -> new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getBytes(6), rs.getString(7), rs.getTimestamp(8).toInstant()),
                properties.batchSize());
        if (rows.isEmpty()) {
            return 0;
        }
        List<Future<RecordMetadata>> acks = new ArrayList<>(rows.size());
        List<EventTracing.Publication> spans = new ArrayList<>(rows.size());
        for (OutboxRow row : rows) {
            EventTracing.Publication span = tracing.startPublish(row.traceparent(), row.topic(), row.eventType(),
                    row.aggregateId());
            spans.add(span);
            Future<RecordMetadata> ack = producer.send(toRecord(row, span.traceparent()));
            acks.add(ack);
            if (failedAtOnce(ack)) {
                break; // no metadata: the broker is unreachable, and every further send would block max.block.ms
            }
        }
        // No unbounded flush(): while the broker is away an idempotent producer may hold its batches
        // indefinitely. Rows not acknowledged in time stay unsent and go again (at least once).
        long deadline = System.nanoTime() + properties.ackTimeout().toNanos();
        List<Long> sent = new ArrayList<>(rows.size());
        RuntimeException failure = null;
        for (int i = 0; i < acks.size(); i++) {
            try {
                acks.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                sent.add(rows.get(i).id());
                spans.get(i).end(null);
            } catch (ExecutionException | TimeoutException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause()
                        : new IllegalStateException("no acknowledgement within " + properties.ackTimeout());
                spans.get(i).end(cause);
                if (failure == null) {
                    failure = new IllegalStateException(cause.getMessage(), cause);
                    recordFailure(rows.get(i), cause);
                }
            }
        }
        markSent(sent);
        published.increment(sent.size());
        if (failure != null) {
            throw failure;
        }
        return sent.size();
    }

    private static boolean failedAtOnce(Future<RecordMetadata> ack) {
        if (!ack.isDone()) {
            return false;
        }
        try {
            ack.get();
            return false;
        } catch (ExecutionException e) {
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private ProducerRecord<String, byte[]> toRecord(OutboxRow row, String traceparent) {
        RecordHeaders headers = new RecordHeaders();
        header(headers, "ce_specversion", "1.0");
        header(headers, "ce_id", row.eventId().toString());
        header(headers, "ce_type", row.eventType());
        header(headers, "ce_source", source);
        header(headers, "ce_time", DateTimeFormatter.ISO_INSTANT.format(row.occurredAt()));
        header(headers, "ce_subject", row.aggregateId());
        header(headers, "content-type", "application/json");
        if (traceparent != null) {
            header(headers, "traceparent", traceparent);
        }
        return new ProducerRecord<>(row.topic(), null, row.aggregateId(), row.payload(), headers);
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    private void markSent(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.execute((Connection connection) -> {
            Array array = connection.createArrayOf("bigint", ids.toArray());
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE outbox_event SET sent_at = now(), attempts = attempts + 1 WHERE id = ANY(?)")) {
                update.setArray(1, array);
                return update.executeUpdate();
            } finally {
                array.free();
            }
        });
    }

    private void recordFailure(OutboxRow row, Throwable cause) {
        String reason = String.valueOf(cause);
        jdbc.update("UPDATE outbox_event SET attempts = attempts + 1, last_error = ? WHERE id = ?",
                reason.length() > 1000 ? reason.substring(0, 1000) : reason, row.id());
    }

    private void cleanUpIfDue() {
        if (Duration.between(cleanedAt, Instant.now()).compareTo(CLEANUP_EVERY) < 0) {
            return;
        }
        cleanedAt = Instant.now();
        int deleted = jdbc.update("DELETE FROM outbox_event WHERE sent_at < now() - make_interval(secs => ?)",
                (double) properties.retention().toSeconds());
        if (deleted > 0) {
            log.debug("Outbox cleanup deleted {} sent events", deleted);
        }
    }

    /** How many events wait to be sent, and for how long the oldest has waited. */
    private record Backlog(long pending, double oldestAgeSeconds) {
    }

    /** The backlog in the table, whether or not this instance relays (and while no relay runs at all). */
    private Backlog readBacklog() {
        return jdbc.queryForObject("""
                SELECT count(*), coalesce(extract(epoch FROM now() - min(created_at)), 0)
                FROM outbox_event WHERE sent_at IS NULL""", (rs, row) -> new Backlog(rs.getLong(1), rs.getDouble(2)));
    }

    /** Takes or keeps the relay lock on a connection of its own; a lost connection loses the lock. */
    private boolean holdLeadership() throws SQLException {
        if (leaderConnection != null) {
            if (Duration.between(leaderCheckedAt, Instant.now()).compareTo(LEADER_RETRY) < 0) {
                return true;
            }
            leaderCheckedAt = Instant.now();
            if (leaderConnection.isValid(2)) {
                return true;
            }
            log.warn("Outbox relay lost its database connection; giving up the relay lock");
            releaseLeadership();
        }
        Connection connection = dataSource.getConnection();
        boolean acquired = false;
        try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            lock.setString(1, lockName);
            try (ResultSet result = lock.executeQuery()) {
                acquired = result.next() && result.getBoolean(1);
            }
        } finally {
            if (!acquired) {
                connection.close();
            }
        }
        if (acquired) {
            leaderConnection = connection;
            leaderCheckedAt = Instant.now();
            log.info("Outbox relay took the relay lock '{}'", lockName);
        }
        return acquired;
    }

    private void releaseLeadership() {
        Connection connection = leaderConnection;
        leaderConnection = null;
        if (connection == null) {
            return;
        }
        try (connection; PreparedStatement unlock = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            unlock.setString(1, lockName);
            unlock.execute();
        } catch (SQLException e) {
            log.debug("Relay lock released with its connection: {}", e.getMessage());
        }
    }

    private static void pause(Duration duration) throws InterruptedException {
        Thread.sleep(duration);
    }

    private record OutboxRow(long id, UUID eventId, String topic, String eventType, String aggregateId,
                             byte[] payload, String traceparent, Instant occurredAt) {
    }
}
