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
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
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
 * acknowledged it (idempotent producer, {@code acks=all}). Delivery is at least once; consumers drop
 * duplicates by {@code ce_id}.
 *
 * <p><b>One relay per service.</b> Only the holder of a PostgreSQL session advisory lock relays. The lock
 * is taken on a connection of the relay's own (never a pooled one), and the relay reads every batch and
 * marks it sent on that same session: a relay whose session ended (terminated, network cut, database
 * restart) has lost the lock with it, cannot mark anything more, and reads no further batch; it gives up
 * leadership at its next statement. A standby waits for the lock in PostgreSQL, so it takes it the moment
 * the holder's session ends; it looks up from the wait every {@link OutboxProperties#lockRetryInterval()}.
 *
 * <p><b>Per-key order of first deliveries.</b> A batch goes out in waves: wave n holds the n-th row of each
 * key (topic and aggregate id) in the batch, and goes out once every record of the wave before it was
 * acknowledged or failed. Once a row has failed, no later row of its key is handed over in that batch.
 * So no event of a key reaches the topic before an earlier one of that key that failed; the first copy
 * of each event of a key arrives in outbox order. Batches of distinct keys are one wave; a batch of many
 * events of one key costs a round trip per event.
 *
 * <p><b>Rows that can never be sent</b> (see {@link SendFailure}: too large, no such topic, refused by the
 * serializer) are parked with their reason: later rows of the same key wait behind a parked row, every
 * other key keeps flowing, and an operator retries or discards it ({@link ParkedEvents}). Transient
 * failures (the broker away, timeouts) leave the row pending; a round in which nothing was acknowledged
 * backs off exponentially up to {@link OutboxProperties#maxBackoff()} ({@link Backoff}).
 *
 * <p><b>Shutdown</b> lets the batch in flight wait up to {@link OutboxProperties#shutdownGrace()} more for
 * its acknowledgements and marks it, and only then closes the session (which releases the lock).
 *
 * <p>Records carry the CloudEvents 1.0 Kafka binary-mode headers and, when known, W3C {@code traceparent}.
 */
public class OutboxRelay extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(1);
    private static final Duration ACK_POLL = Duration.ofMillis(100);
    private static final String LOCK_NOT_AVAILABLE = "55P03";
    private static final Duration WARM_UP_EVERY = Duration.ofMinutes(1);

    private static final String READ_BATCH = """
            SELECT e.id, e.event_id, e.topic, e.event_type, e.aggregate_id, e.payload, e.traceparent, e.occurred_at
            FROM outbox_event e
            WHERE e.sent_at IS NULL AND e.parked_at IS NULL
              AND NOT EXISTS (SELECT 1 FROM outbox_event p
                              WHERE p.parked_at IS NOT NULL AND p.discarded_at IS NULL AND p.sent_at IS NULL
                                AND p.topic = e.topic AND p.aggregate_id = e.aggregate_id AND p.id < e.id)
            ORDER BY e.id LIMIT ?""";

    private final JdbcTemplate jdbc;
    private final DataSource sessions;
    private final Producer<String, byte[]> producer;
    private final OutboxProperties properties;
    private final String source;
    private final String lockName;
    private final String instanceId;
    private final EventTracing tracing;
    private final TopicDirectory topics;
    private final Backoff backoff;
    private final Counter published;
    private final Counter transientFailures;
    private final Counter permanentFailures;
    private final Counter parked;
    private final Counter databaseErrors;
    private final Counter unexpectedErrors;
    private final ThrottledReading<Backlog> backlog;

    /** The relay's own database session; only the relay thread touches it. */
    private Connection session;
    private volatile boolean leader;
    private Instant cleanedAt = Instant.EPOCH;
    private Instant warmedAt = Instant.EPOCH;

    /**
     * @param pool       the service's pooled data source, for the cleanup and the backlog gauges
     * @param sessions   a data source that opens a new physical connection each time (not a pool): the
     *                   relay holds its lock on one of them, and closing it must end the session
     * @param source     the CloudEvents {@code ce_source} of this service, e.g. {@code /commerce/order-service}
     * @param lockName   what the relays of one service agree on, e.g. its schema's outbox
     * @param instanceId this relay among the service's instances, recorded in {@code sent_by} of each row it sent
     */
    public OutboxRelay(DataSource pool, DataSource sessions, Producer<String, byte[]> producer,
                       OutboxProperties properties, String source, String lockName, String instanceId,
                       MeterRegistry meters, EventTracing tracing, TopicDirectory topics) {
        super("outbox-relay", properties.ackTimeout().plus(properties.shutdownGrace()).plusSeconds(5));
        this.jdbc = new JdbcTemplate(pool);
        this.sessions = sessions;
        this.producer = producer;
        this.properties = properties;
        this.source = source;
        this.lockName = lockName;
        this.instanceId = instanceId;
        this.tracing = tracing;
        this.topics = topics;
        this.backoff = new Backoff(properties.pollInterval(), properties.maxBackoff());
        this.published = Counter.builder("commerce.outbox.published")
                .description("Outbox events the broker acknowledged").register(meters);
        this.transientFailures = failureCounter(meters, "transient");
        this.permanentFailures = failureCounter(meters, "permanent");
        this.parked = Counter.builder("commerce.outbox.events.parked")
                .description("Outbox events parked because they can never be sent").register(meters);
        this.databaseErrors = errorCounter(meters, "database");
        this.unexpectedErrors = errorCounter(meters, "unexpected");
        this.backlog = new ThrottledReading<>("Outbox backlog", METRICS_REFRESH, new Backlog(0, 0, 0), this::readBacklog);
        Gauge.builder("commerce.outbox.pending", this, relay -> relay.backlog.get().pending())
                .description("Outbox events waiting to be sent (parked ones not included)").register(meters);
        Gauge.builder("commerce.outbox.oldest.age", this, relay -> relay.backlog.get().oldestAgeSeconds())
                .baseUnit("seconds").description("Age of the oldest outbox event waiting to be sent").register(meters);
        Gauge.builder("commerce.outbox.parked", this, relay -> relay.backlog.get().parked())
                .description("Outbox events parked and waiting for an operator to retry or discard them")
                .register(meters);
        Gauge.builder("commerce.outbox.relay.leader", this, relay -> relay.isLeader() ? 1 : 0)
                .description("1 while this instance holds the relay lock and publishes; 0 while it stands by")
                .register(meters);
        Gauge.builder("commerce.outbox.relay.backoff", backoff, b -> b.current().toMillis() / 1000.0)
                .baseUnit("seconds").description("The relay's wait after a failed round; 0 while rounds succeed")
                .register(meters);
    }

    private static Counter failureCounter(MeterRegistry meters, String kind) {
        return Counter.builder("commerce.outbox.publish.failures").tag("kind", kind)
                .description("Outbox events the broker did not acknowledge (transient: retried; permanent: parked)")
                .register(meters);
    }

    private static Counter errorCounter(MeterRegistry meters, String kind) {
        return Counter.builder("commerce.outbox.relay.errors").tag("kind", kind)
                .description("Relay rounds that failed outside the broker (database, lost session, bugs)")
                .register(meters);
    }

    @Override
    protected void afterStop() {
        closeSession();
    }

    /** Whether this instance holds the relay lock right now. */
    public boolean isLeader() {
        return leader;
    }

    /** The value this relay writes to {@code sent_by}. */
    public String instanceId() {
        return instanceId;
    }

    @Override
    protected void runUntilStopped() {
        try {
            while (isRunning()) {
                Duration wait;
                try {
                    if (!holdLeadership()) {
                        warmUpIfDue(); // the wait for the lock was in holdLeadership
                        continue;
                    }
                    Round round = relayOneBatch();
                    cleanUpIfDue();
                    if (round.failedAsAWhole()) {
                        wait = backoff.failed();
                        log.warn("Outbox relay: the broker acknowledged none of {} events ({}); retrying in {} ms",
                                round.failures(), round.firstFailure(), wait.toMillis());
                    } else {
                        backoff.succeeded();
                        wait = round.attempted() < properties.batchSize() ? properties.pollInterval() : Duration.ZERO;
                    }
                } catch (SQLException | org.springframework.dao.DataAccessException e) {
                    databaseErrors.increment();
                    wait = backoff.failed();
                    Duration standBack = properties.lockRetryInterval();
                    if (leader && wait.compareTo(standBack) < 0) {
                        wait = standBack; // a relay that lost its session lets a healthy standby take the lock first
                    }
                    log.warn("Outbox relay lost its database session or could not use it ({}); "
                            + "giving up the relay lock, trying again in {} ms", e.getMessage(), wait.toMillis());
                    closeSession();
                } catch (RuntimeException e) {
                    unexpectedErrors.increment();
                    wait = backoff.failed();
                    log.error("Outbox relay round failed unexpectedly; trying again in {} ms", wait.toMillis(), e);
                    closeSession();
                }
                if (!wait.isZero()) {
                    pause(wait);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Publishes the oldest sendable rows, waits for their acknowledgements, and records the outcome on the
     * lock's own session: acknowledged rows sent, permanently failing rows parked, the rest pending.
     */
    Round relayOneBatch() throws SQLException {
        List<OutboxRow> rows = readBatch();
        if (rows.isEmpty()) {
            return Round.NOTHING;
        }
        // Wave n holds the n-th row of each key in the batch; a wave goes out once the one before it was
        // answered, so a row is never handed over while an earlier row of its key may still fail.
        Map<String, Integer> occurrences = new HashMap<>();
        List<List<OutboxRow>> waves = new ArrayList<>();
        for (OutboxRow row : rows) {
            int wave = occurrences.merge(row.orderKey(), 1, Integer::sum) - 1;
            if (wave == waves.size()) {
                waves.add(new ArrayList<>());
            }
            waves.get(wave).add(row);
        }
        long deadline = System.nanoTime() + properties.ackTimeout().toNanos();
        Set<String> failedKeys = new HashSet<>();
        List<Long> acknowledged = new ArrayList<>(rows.size());
        List<Failed> failures = new ArrayList<>();
        for (List<OutboxRow> wave : waves) {
            List<InFlight> inFlight = new ArrayList<>(wave.size());
            for (OutboxRow row : wave) {
                if (!failedKeys.contains(row.orderKey())) {
                    inFlight.add(send(row));
                }
            }
            for (InFlight sent : inFlight) {
                Throwable failure = awaitAck(sent.ack(), deadline);
                sent.span().end(failure);
                if (failure == null) {
                    acknowledged.add(sent.row().id());
                } else {
                    failedKeys.add(sent.row().orderKey());
                    failures.add(new Failed(sent.row(), classify(sent.row(), failure)));
                }
            }
        }
        markSent(acknowledged);
        published.increment(acknowledged.size());
        int permanent = 0;
        for (Failed failure : failures) {
            if (failure.failure().permanent()) {
                permanent++;
                permanentFailures.increment();
                park(failure);
            } else {
                transientFailures.increment();
                recordFailure(failure);
            }
        }
        return new Round(rows.size(), acknowledged.size(), failures.size() - permanent, permanent,
                failures.isEmpty() ? null : failures.getFirst().failure().reason());
    }

    private List<OutboxRow> readBatch() throws SQLException {
        List<OutboxRow> rows = new ArrayList<>();
        try (PreparedStatement read = session.prepareStatement(READ_BATCH)) {
            read.setInt(1, properties.batchSize());
            try (ResultSet rs = read.executeQuery()) {
                while (rs.next()) {
                    rows.add(new OutboxRow(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3), rs.getString(4),
                            rs.getString(5), rs.getBytes(6), rs.getString(7), rs.getTimestamp(8).toInstant()));
                }
            }
        }
        return rows;
    }

    /** Hands one row to the producer; a synchronous exception becomes that row's failed acknowledgement. */
    private InFlight send(OutboxRow row) {
        EventTracing.Publication span = tracing.startPublish(row.traceparent(), row.topic(), row.eventType(),
                row.aggregateId());
        Future<RecordMetadata> ack;
        try {
            ack = producer.send(toRecord(row, span.traceparent()));
        } catch (RuntimeException e) {
            ack = CompletableFuture.failedFuture(e);
        }
        return new InFlight(row, span, ack);
    }

    /**
     * Waits for one acknowledgement until the batch's deadline, or, once shutdown has begun, at most
     * {@link OutboxProperties#shutdownGrace()} more. Returns null when acknowledged, else the failure.
     */
    private Throwable awaitAck(Future<RecordMetadata> ack, long deadline) {
        long stopDeadline = Long.MAX_VALUE;
        while (true) {
            long now = System.nanoTime();
            if (!isRunning() && stopDeadline == Long.MAX_VALUE) {
                stopDeadline = now + properties.shutdownGrace().toNanos();
            }
            long left = Math.min(deadline, stopDeadline) - now;
            if (left <= 0 && !ack.isDone()) {
                return new TimeoutException("no acknowledgement within " + properties.ackTimeout());
            }
            try {
                ack.get(Math.max(0, Math.min(left, ACK_POLL.toNanos())), TimeUnit.NANOSECONDS);
                return null;
            } catch (TimeoutException stillWaiting) {
                // look again, with the shutdown deadline in mind
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return e;
            }
        }
    }

    private SendFailure classify(OutboxRow row, Throwable cause) {
        SendFailure failure = SendFailure.of(cause);
        if (!failure.permanent() && failure.isMissingMetadata() && topics.isMissing(row.topic())) {
            return SendFailure.permanent(failure.cause(), "topic " + row.topic() + " does not exist on the broker");
        }
        return failure;
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

    /** Marks rows sent on the lock's session: a relay that lost its session cannot mark anything. */
    private void markSent(List<Long> ids) throws SQLException {
        if (ids.isEmpty()) {
            return;
        }
        Array array = session.createArrayOf("bigint", ids.toArray());
        try (PreparedStatement update = session.prepareStatement("""
                UPDATE outbox_event SET sent_at = now(), sent_by = ?, attempts = attempts + 1
                WHERE id = ANY(?) AND sent_at IS NULL""")) {
            update.setString(1, instanceId);
            update.setArray(2, array);
            update.executeUpdate();
        } finally {
            array.free();
        }
    }

    private void park(Failed failed) throws SQLException {
        try (PreparedStatement update = session.prepareStatement("""
                UPDATE outbox_event SET parked_at = now(), park_reason = ?, last_error = ?, attempts = attempts + 1
                WHERE id = ? AND sent_at IS NULL""")) {
            update.setString(1, failed.failure().reason());
            update.setString(2, failed.failure().reason());
            update.setLong(3, failed.row().id());
            update.executeUpdate();
        }
        parked.increment();
        log.error("Outbox relay parked event {} ({} on {}, key {}): {}. Later events of that key wait until an operator"
                        + " retries or discards it (/api/v1/ops/outbox/parked)", failed.row().eventId(),
                failed.row().eventType(), failed.row().topic(), failed.row().aggregateId(), failed.failure().reason());
    }

    private void recordFailure(Failed failed) throws SQLException {
        try (PreparedStatement update = session.prepareStatement(
                "UPDATE outbox_event SET attempts = attempts + 1, last_error = ? WHERE id = ?")) {
            update.setString(1, failed.failure().reason());
            update.setLong(2, failed.row().id());
            update.executeUpdate();
        }
    }

    private void cleanUpIfDue() {
        if (Duration.between(cleanedAt, Instant.now()).compareTo(properties.cleanupInterval()) < 0) {
            return;
        }
        cleanedAt = Instant.now();
        cleanUp();
    }

    /**
     * Deletes sent and discarded rows older than {@link OutboxProperties#retention()}; unsent and parked
     * rows stay, whatever their age.
     *
     * @return how many rows were deleted
     */
    int cleanUp() {
        int deleted = jdbc.update("""
                DELETE FROM outbox_event
                WHERE sent_at < now() - make_interval(secs => ?) OR discarded_at < now() - make_interval(secs => ?)""",
                (double) properties.retention().toSeconds(), (double) properties.retention().toSeconds());
        if (deleted > 0) {
            log.debug("Outbox cleanup deleted {} sent or discarded events", deleted);
        }
        return deleted;
    }

    /** How many events wait to be sent, how long the oldest has waited, and how many are parked. */
    private record Backlog(long pending, double oldestAgeSeconds, long parked) {
    }

    /** The backlog in the table, whether or not this instance relays (and while no relay runs at all). */
    private Backlog readBacklog() {
        return jdbc.queryForObject("""
                SELECT (SELECT count(*) FROM outbox_event WHERE sent_at IS NULL AND parked_at IS NULL),
                       (SELECT coalesce(extract(epoch FROM now() - min(created_at)), 0)
                        FROM outbox_event WHERE sent_at IS NULL AND parked_at IS NULL),
                       (SELECT count(*) FROM outbox_event
                        WHERE parked_at IS NOT NULL AND discarded_at IS NULL AND sent_at IS NULL)""",
                (rs, row) -> new Backlog(rs.getLong(1), rs.getDouble(2), rs.getLong(3)));
    }

    /**
     * While standing by, has the producer fetch the metadata of the topics the outbox wrote to lately, so
     * that a takeover sends at once instead of first waiting for the broker's metadata.
     */
    private void warmUpIfDue() {
        if (Duration.between(warmedAt, Instant.now()).compareTo(WARM_UP_EVERY) < 0) {
            return;
        }
        warmedAt = Instant.now();
        try {
            for (String topic : jdbc.queryForList("""
                    SELECT DISTINCT topic FROM (SELECT topic FROM outbox_event ORDER BY id DESC LIMIT 100) latest""",
                    String.class)) {
                producer.partitionsFor(topic);
            }
        } catch (RuntimeException e) {
            log.debug("Outbox relay could not warm up its producer: {}", e.getMessage());
        }
    }

    /**
     * Keeps the relay's own session open and waits on it for the lock, at most
     * {@link OutboxProperties#lockRetryInterval()} at a time; true while this instance holds it. Waiting in
     * PostgreSQL (rather than polling) lets a standby take the lock the moment the holder's session ends.
     */
    private boolean holdLeadership() throws SQLException {
        if (leader) {
            return true;
        }
        if (session == null || session.isClosed()) {
            session = sessions.getConnection();
            session.setAutoCommit(true);
        }
        try (Statement statement = session.createStatement()) {
            statement.execute("SET lock_timeout = " + Math.max(1, properties.lockRetryInterval().toMillis()));
        }
        try (PreparedStatement lock = session.prepareStatement("SELECT pg_advisory_lock(hashtext(?))")) {
            lock.setString(1, lockName);
            lock.execute();
            leader = true;
        } catch (SQLException e) {
            if (!LOCK_NOT_AVAILABLE.equals(e.getSQLState())) {
                throw e;
            }
            return false; // another instance holds it
        } finally {
            try (Statement statement = session.createStatement()) {
                statement.execute("RESET lock_timeout");
            }
        }
        log.info("Outbox relay {} took the relay lock '{}'", instanceId, lockName);
        return true;
    }

    /** Ends the relay's session: the lock goes with it, whether or not the session was still alive. */
    private void closeSession() {
        boolean wasLeader = leader;
        leader = false;
        Connection connection = session;
        session = null;
        if (connection == null) {
            return;
        }
        try {
            connection.close();
        } catch (SQLException e) {
            log.debug("Relay session closed with an error: {}", e.getMessage());
        }
        if (wasLeader) {
            log.info("Outbox relay {} gave up the relay lock '{}'", instanceId, lockName);
        }
    }

    /** What one round did. */
    record Round(int attempted, int acknowledged, int transientFailures, int permanentFailures, String firstFailure) {

        static final Round NOTHING = new Round(0, 0, 0, 0, null);

        int failures() {
            return transientFailures + permanentFailures;
        }

        /** Nothing acknowledged and something failed transiently: the broker (or the path to it) is away. */
        boolean failedAsAWhole() {
            return acknowledged == 0 && transientFailures > 0;
        }
    }

    private record OutboxRow(long id, UUID eventId, String topic, String eventType, String aggregateId,
                             byte[] payload, String traceparent, Instant occurredAt) {

        /** What Kafka orders: one key within one topic. */
        String orderKey() {
            return topic + '\u0000' + aggregateId;
        }
    }

    private record InFlight(OutboxRow row, EventTracing.Publication span, Future<RecordMetadata> ack) {
    }

    private record Failed(OutboxRow row, SendFailure failure) {
    }
}
