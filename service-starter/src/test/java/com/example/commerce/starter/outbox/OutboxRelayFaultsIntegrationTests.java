package com.example.commerce.starter.outbox;

import static com.example.commerce.starter.outbox.RelayTestKit.updated;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.commerce.starter.inbox.Inbox;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * The relay where it meets faults, on a real PostgreSQL and Kafka broker: rows that can never be sent,
 * one row of a batch failing, a send that throws, two relays at once and a terminated lock session, a
 * crash between the broker's ack and the mark, a shutdown with a batch in flight, and the cleanup. Each
 * test here failed on the relay before it parked rows and held its lock on a session of its own.
 */
@SpringBootTest(classes = OutboxIntegrationTests.OutboxTestApplication.class,
        properties = {"spring.application.name=outbox-test", "commerce.service.schema=catalog"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class OutboxRelayFaultsIntegrationTests {

    @Autowired
    private Outbox outbox;

    @Autowired
    private OutboxRelay relay;

    @Autowired
    private ParkedEvents parkedEvents;

    @Autowired
    private Inbox inbox;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private DataSourceProperties dataSourceProperties;

    @Autowired
    private MeterRegistry meters;

    private RelayTestKit kit;

    private RelayTestKit.Arrivals arrivals;
    private final List<AutoCloseable> cleanup = new ArrayList<>();

    @BeforeEach
    void setUp() {
        kit = new RelayTestKit(dataSource, dataSourceProperties);
        arrivals = new RelayTestKit.Arrivals();
        relay.start();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable closeable : cleanup.reversed()) {
            closeable.close();
        }
        arrivals.close();
        // Nothing a test parked or left behind may hold up the next test's keys (they are all fresh).
        jdbc.update("UPDATE outbox_event SET discarded_at = now() WHERE parked_at IS NOT NULL AND discarded_at IS NULL");
        relay.start();
    }

    @Test
    void aRowTooLargeForTheBrokerIsParkedAndOnlyTheLaterRowsOfItsKeyWait() {
        UUID stuck = UUID.randomUUID();
        UUID flowing = UUID.randomUUID();
        double permanentBefore = failures("permanent");
        double parkedBefore = meters.get("commerce.outbox.events.parked").counter().count();

        String first = publish(stuck, 1);
        String tooLarge = transactions.execute(status -> outbox.publish(
                updated(stuck, 2, "name-2" + "x".repeat(1_200_000)))).toString();
        String behind = publish(stuck, 3);
        List<String> others = IntStream.rangeClosed(1, 3).mapToObj(i -> publish(flowing, i)).toList();

        arrivals.awaitAll(concat(List.of(first), others));
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedEvents.find(UUID.fromString(tooLarge))
                .filter(event -> event.parkedAt() != null).isPresent());
        arrivals.pollFor(Duration.ofSeconds(1));

        assertThat(arrivals.firstDeliveries(flowing)).as("every other key keeps flowing").containsExactly(1, 2, 3);
        assertThat(arrivals.firstDeliveries(stuck)).as("the later row of the key waits").containsExactly(1);
        ParkedEvents.ParkedEvent parked = parkedEvents.find(UUID.fromString(tooLarge)).orElseThrow();
        assertThat(parked.reason()).contains("RecordTooLargeException");
        assertThat(parked.waitingBehind()).isEqualTo(1);
        assertThat(parkedEvents.list("catalog.events", 0, 100).items()).extracting(ParkedEvents.ParkedEvent::eventId)
                .contains(UUID.fromString(tooLarge));
        assertThat(failures("permanent") - permanentBefore).isEqualTo(1);
        assertThat(meters.get("commerce.outbox.events.parked").counter().count() - parkedBefore).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() ->
                assertThat(meters.get("commerce.outbox.parked").gauge().value()).isGreaterThanOrEqualTo(1));
        assertThat(meters.get("commerce.outbox.relay.backoff").gauge().value())
                .as("a parked row does not hold the relay at its longest backoff").isZero();
        assertThat(sentAt(behind)).isFalse();

        ListAppender<ILoggingEvent> audit = auditLog();
        parkedEvents.discard(UUID.fromString(tooLarge), "ops-alice");

        arrivals.awaitAll(List.of(behind));
        assertThat(arrivals.firstDeliveries(stuck)).containsExactly(1, 3);
        assertThat(arrivals.copiesOf(tooLarge)).isEmpty();
        assertThat(audit.list).extracting(ILoggingEvent::getFormattedMessage).anySatisfy(line -> assertThat(line)
                .contains(tooLarge, "discarded by ops-alice", "catalog.ProductUpdated.v1", stuck.toString()));
        assertThatThrownBy(() -> parkedEvents.discard(UUID.fromString(tooLarge), "ops-alice"))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(409));
        assertThatThrownBy(() -> parkedEvents.retry(UUID.randomUUID(), "ops-alice"))
                .isInstanceOfSatisfying(ErrorResponseException.class,
                        e -> assertThat(e.getStatusCode().value()).isEqualTo(404));
    }

    @Test
    void aRowForATopicThatDoesNotExistIsParkedAndGoesOutOnceTheTopicIsCreatedAndTheRowRetried() throws Exception {
        String topic = "outbox.test.missing-" + UUID.randomUUID().toString().substring(0, 8);
        String key = UUID.randomUUID().toString();
        UUID missing = UUID.randomUUID();
        UUID behind = UUID.randomUUID();
        insertRaw(missing, topic, key);
        insertRaw(behind, topic, key);
        UUID elsewhere = UUID.randomUUID();
        String flowing = publish(elsewhere, 1);

        arrivals.awaitAll(List.of(flowing));
        // The producer waits max.block.ms (10 s) for the topic's metadata before the relay asks the broker.
        await().atMost(Duration.ofSeconds(40)).until(() -> parkedEvents.find(missing)
                .filter(event -> event.parkedAt() != null).isPresent());
        assertThat(parkedEvents.find(missing).orElseThrow().reason()).contains("topic " + topic + " does not exist");
        assertThat(parkedEvents.find(behind)).as("the later row waits, not parked itself").isEmpty();
        String afterwards = publish(elsewhere, 2);
        arrivals.awaitAll(List.of(afterwards));

        SharedInfrastructure.get().kafka().createTopics(List.of(topic), 1);
        parkedEvents.retry(missing, "ops-carol");

        try (KafkaConsumer<String, byte[]> reader = SharedInfrastructure.get().kafka().readerOf(topic)) {
            List<String> ids = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                reader.poll(Duration.ofMillis(200)).forEach(record -> ids.add(RelayTestKit.header(record, "ce_id")));
                return ids.size() >= 2;
            });
            assertThat(ids).containsExactly(missing.toString(), behind.toString());
        }
    }

    private void insertRaw(UUID eventId, String topic, String key) {
        jdbc.update("""
                INSERT INTO outbox_event (event_id, topic, event_type, aggregate_id, payload, occurred_at)
                VALUES (?, ?, 'catalog.ProductUpdated.v1', ?, '{}'::bytea, now())""", eventId, topic, key);
    }

    @Test
    void aParkedRowRetriedByAnOperatorGoesOutBeforeTheLaterRowsOfItsKey() throws Exception {
        relay.stop();
        UUID key = UUID.randomUUID();
        String refused = "name-1-refused";
        AtomicBoolean refusing = new AtomicBoolean(true);
        KafkaProducer<String, byte[]> real = RelayTestKit.producer();
        cleanup.add(real);
        Producer<String, byte[]> producer = RelayTestKit.intercepting(real, (record, send) ->
                refusing.get() && new String(record.value()).contains(refused)
                        ? CompletableFuture.failedFuture(new SerializationException("refused by the test"))
                        : send.get());
        OutboxRelay faulty = kit.relay("retry-" + UUID.randomUUID(), producer, RelayTestKit.quick(100),
                new SimpleMeterRegistry());
        cleanup.add(faulty::stop);

        String parked = transactions.execute(status -> outbox.publish(updated(key, 1, refused))).toString();
        List<String> later = List.of(publish(key, 2), publish(key, 3));
        faulty.start();
        await().atMost(Duration.ofSeconds(20)).until(() -> parkedEvents.find(UUID.fromString(parked))
                .filter(event -> event.parkedAt() != null).isPresent());
        arrivals.pollFor(Duration.ofSeconds(1));
        assertThat(arrivals.firstDeliveries(key)).isEmpty();

        refusing.set(false);
        ParkedEvents.ParkedEvent retried = parkedEvents.retry(UUID.fromString(parked), "ops-bob");
        assertThat(retried.parkedAt()).isNull();

        arrivals.awaitAll(concat(List.of(parked), later));
        assertThat(arrivals.firstDeliveries(key)).containsExactly(1, 2, 3);
        assertThat(parkedEvents.find(UUID.fromString(parked)).orElseThrow().sentAt()).isNotNull();
    }

    @Test
    void oneRowOfABatchFailingKeepsEveryKeysFirstDeliveriesInOutboxOrder() throws Exception {
        relay.stop();
        List<UUID> keys = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> ids = new ArrayList<>();
        for (int sequence = 1; sequence <= 30; sequence++) {
            for (UUID key : keys) {
                ids.add(publish(key, sequence));
            }
        }
        String failing = ids.get(9 * keys.size()); // the first key's 10th event, in the middle of one batch
        AtomicBoolean failedOnce = new AtomicBoolean();
        KafkaProducer<String, byte[]> real = RelayTestKit.producer();
        cleanup.add(real);
        // The broker "times out" on that one record, after the later records of its key were handed over.
        Producer<String, byte[]> producer = RelayTestKit.intercepting(real, (record, send) -> {
            if (RelayTestKit.header(record, "ce_id").equals(failing) && failedOnce.compareAndSet(false, true)) {
                return CompletableFuture.supplyAsync(() -> {
                    throw new org.apache.kafka.common.errors.TimeoutException("expired in the test");
                }, CompletableFuture.delayedExecutor(200, TimeUnit.MILLISECONDS));
            }
            return send.get();
        });
        SimpleMeterRegistry faultyMeters = new SimpleMeterRegistry();
        OutboxRelay faulty = kit.relay("partial-" + UUID.randomUUID(), producer, RelayTestKit.quick(500), faultyMeters);
        cleanup.add(faulty::stop);
        faulty.start();

        arrivals.awaitAll(ids);
        for (UUID key : keys) {
            assertThat(arrivals.firstDeliveries(key)).as("first deliveries of %s", key)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 30).boxed().toList());
        }
        assertThat(failedOnce).isTrue();
        assertThat(faultyMeters.get("commerce.outbox.publish.failures").tag("kind", "transient").counter().count())
                .isEqualTo(1);
        assertThat(faultyMeters.get("commerce.outbox.parked").gauge().value()).isZero();
        // No later row of that key was handed over before the failed one went out again: no copies at all.
        arrivals.pollFor(Duration.ofMillis(500));
        for (String id : ids) {
            assertThat(arrivals.copiesOf(id)).as("copies of %s", id).hasSize(1);
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM outbox_event WHERE event_id::text = ANY(?) AND sent_at IS NULL", Integer.class,
                (Object) ids.toArray(String[]::new)) == 0);
    }

    @Test
    void aSendThatThrowsStillHasTheRecordsHandedOverBeforeItAcknowledgedAndMarked() throws Exception {
        relay.stop();
        UUID broken = UUID.randomUUID();
        UUID other = UUID.randomUUID();
        List<String> brokenIds = new ArrayList<>();
        List<String> otherIds = new ArrayList<>();
        for (int sequence = 1; sequence <= 6; sequence++) {
            brokenIds.add(publish(broken, sequence));
            otherIds.add(publish(other, sequence));
        }
        String throwing = brokenIds.get(3);
        KafkaProducer<String, byte[]> real = RelayTestKit.producer();
        cleanup.add(real);
        Producer<String, byte[]> producer = RelayTestKit.intercepting(real, (record, send) -> {
            if (RelayTestKit.header(record, "ce_id").equals(throwing)) {
                throw new SerializationException("the serializer threw in the test");
            }
            return send.get();
        });
        OutboxRelay faulty = kit.relay("throwing-" + UUID.randomUUID(), producer, RelayTestKit.quick(500),
                new SimpleMeterRegistry());
        cleanup.add(faulty::stop);
        faulty.start();

        arrivals.awaitAll(concat(brokenIds.subList(0, 3), otherIds));
        await().atMost(Duration.ofSeconds(10)).until(() -> parkedEvents.find(UUID.fromString(throwing))
                .filter(event -> event.parkedAt() != null).isPresent());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            for (String id : concat(brokenIds.subList(0, 3), otherIds)) {
                assertThat(sentAt(id)).as("%s marked sent", id).isTrue();
            }
        });
        arrivals.pollFor(Duration.ofMillis(500));
        assertThat(arrivals.firstDeliveries(broken)).containsExactly(1, 2, 3);
        assertThat(parkedEvents.find(UUID.fromString(throwing)).orElseThrow().reason())
                .contains("the serializer threw in the test");
        assertThat(sentAt(brokenIds.get(4))).isFalse();
    }

    @Test
    void onlyTheLockHolderRelaysAndATerminatedSessionHandsOverWithoutLossOrReordering() throws Exception {
        relay.stop();
        await().atMost(Duration.ofSeconds(5)).until(() -> kit.lockHolders() == 0);
        String firstId = "first-" + UUID.randomUUID();
        String secondId = "second-" + UUID.randomUUID();
        SimpleMeterRegistry firstMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry secondMeters = new SimpleMeterRegistry();
        KafkaProducer<String, byte[]> firstProducer = RelayTestKit.producer();
        KafkaProducer<String, byte[]> secondProducer = RelayTestKit.producer();
        cleanup.add(firstProducer);
        cleanup.add(secondProducer);
        OutboxRelay first = kit.relay(firstId, firstProducer, RelayTestKit.quick(50), firstMeters);
        OutboxRelay second = kit.relay(secondId, secondProducer, RelayTestKit.quick(50), secondMeters);
        cleanup.add(first::stop);
        cleanup.add(second::stop);
        first.start();
        second.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> first.isLeader() || second.isLeader());
        OutboxRelay leader = first.isLeader() ? first : second;
        OutboxRelay standby = leader == first ? second : first;
        SimpleMeterRegistry standbyMeters = standby == first ? firstMeters : secondMeters;

        List<UUID> keys = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<String> before = publishRound(keys, 1, 20);
        arrivals.awaitAll(before);
        await().atMost(Duration.ofSeconds(10)).until(() -> sentBy(before, leader.instanceId()) == before.size());
        assertThat(standby.isLeader()).isFalse();
        assertThat(standbyMeters.get("commerce.outbox.published").counter().count())
                .as("the standby published nothing while it was not the leader").isZero();
        assertThat(kit.lockHolders()).isEqualTo(1);

        List<String> during = new ArrayList<>(publishRound(keys, 21, 30));
        kit.terminateSessionOf(leader.instanceId());
        java.sql.Timestamp terminatedAt = jdbc.queryForObject("SELECT now()", java.sql.Timestamp.class);
        during.addAll(publishRound(keys, 31, 60));

        arrivals.awaitAll(during);
        await().atMost(Duration.ofSeconds(10)).until(standby::isLeader);
        for (UUID key : keys) {
            assertThat(arrivals.firstDeliveries(key)).as("first deliveries of %s", key)
                    .containsExactlyElementsOf(IntStream.rangeClosed(1, 60).boxed().toList());
        }
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE sent_by = ? AND sent_at > ?",
                Integer.class, leader.instanceId(), terminatedAt))
                .as("the relay whose session ended marked nothing more").isZero();
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM outbox_event WHERE event_id::text = ANY(?) AND sent_at IS NULL", Integer.class,
                (Object) during.toArray(String[]::new)) == 0);
        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
            assertThat(leader.isLeader()).as("the old leader stands by").isFalse();
            assertThat(kit.lockHolders()).isEqualTo(1);
        });
    }

    @Test
    void aCrashBetweenTheAckAndTheMarkSendsTheRowAgainAndAnInboxAppliesItOnce() throws Exception {
        relay.stop();
        String instance = "crash-" + UUID.randomUUID();
        AtomicBoolean crashed = new AtomicBoolean();
        KafkaProducer<String, byte[]> real = RelayTestKit.producer();
        cleanup.add(real);
        // After the broker's ack and before the relay can mark, its session ends, as in a crash.
        Producer<String, byte[]> producer = RelayTestKit.intercepting(real, (record, send) -> {
            Future<RecordMetadata> ack = send.get();
            return new AckThen(ack, () -> {
                if (crashed.compareAndSet(false, true)) {
                    kit.terminateSessionOf(instance);
                }
            });
        });
        SimpleMeterRegistry crashMeters = new SimpleMeterRegistry();
        OutboxRelay crashing = kit.relay(instance, producer, RelayTestKit.quick(100), crashMeters);
        cleanup.add(crashing::stop);
        UUID key = UUID.randomUUID();
        String eventId = publish(key, 1);
        crashing.start();

        arrivals.awaitAll(List.of(eventId));
        await().atMost(Duration.ofSeconds(20)).until(() -> sentAt(eventId));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            arrivals.pollFor(Duration.ofMillis(200));
            return arrivals.copiesOf(eventId).size() >= 2;
        });
        assertThat(crashed).isTrue();
        assertThat(crashMeters.get("commerce.outbox.relay.errors").tag("kind", "database").counter().count())
                .isGreaterThanOrEqualTo(1);
        assertThat(crashMeters.get("commerce.outbox.publish.failures").counters())
                .as("a lost session is no publish failure").allSatisfy(c -> assertThat(c.count()).isZero());

        String consumer = "crash-consumer-" + UUID.randomUUID();
        AtomicInteger effects = new AtomicInteger();
        for (ConsumerRecord<String, byte[]> copy : arrivals.copiesOf(eventId)) {
            inbox.receive(consumer, copy, event -> effects.incrementAndGet());
        }
        assertThat(effects).hasValue(1);
        assertThat(meters.get("commerce.inbox.duplicates").tag("consumer", consumer).counter().count())
                .isEqualTo(arrivals.copiesOf(eventId).size() - 1);
    }

    @Test
    void aShutdownWithABatchInFlightMarksItBeforeReleasingTheLock() throws Exception {
        relay.stop();
        AtomicInteger handedOver = new AtomicInteger();
        KafkaProducer<String, byte[]> real = RelayTestKit.producer();
        cleanup.add(real);
        // Acknowledgements take 1.5 s: the shutdown comes while the whole batch waits for them.
        Producer<String, byte[]> producer = RelayTestKit.intercepting(real, (record, send) -> {
            handedOver.incrementAndGet();
            Future<RecordMetadata> ack = send.get();
            return CompletableFuture.supplyAsync(() -> {
                try {
                    return ack.get();
                } catch (InterruptedException | ExecutionException e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(1500, TimeUnit.MILLISECONDS));
        });
        OutboxRelay slow = kit.relay("slow-" + UUID.randomUUID(), producer, RelayTestKit.quick(100),
                new SimpleMeterRegistry());
        cleanup.add(slow::stop);
        List<String> ids = IntStream.rangeClosed(1, 20).mapToObj(i -> publish(UUID.randomUUID(), i)).toList();
        slow.start();
        await().atMost(Duration.ofSeconds(10)).until(() -> handedOver.get() >= 20);

        slow.stop();

        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_id::text = ANY(?) AND sent_at IS NOT NULL",
                Integer.class, (Object) ids.toArray(String[]::new))).as("the batch in flight was marked").isEqualTo(20);
        // Closing the session ends it on the server a moment later.
        await().atMost(Duration.ofSeconds(3)).until(() -> kit.lockHolders() == 0);
    }

    @Test
    void stoppingTheRelayEndsItsSessionSoAnotherInstanceTakesTheLockAtOnce() throws Exception {
        await().atMost(Duration.ofSeconds(5)).until(relay::isLeader);
        assertThat(kit.lockHolders()).isEqualTo(1);
        relay.stop();
        await("no session, pooled or not, keeps the lock").atMost(Duration.ofSeconds(3))
                .until(() -> kit.lockHolders() == 0);

        KafkaProducer<String, byte[]> real = RelayTestKit.producer();
        cleanup.add(real);
        OutboxRelay next = kit.relay("next-" + UUID.randomUUID(), real, RelayTestKit.quick(100), new SimpleMeterRegistry());
        cleanup.add(next::stop);
        next.start();
        await().atMost(Duration.ofSeconds(2)).until(next::isLeader);
    }

    @Test
    void theCleanupDeletesSentAndDiscardedRowsPastTheirRetentionAndNothingElse() throws Exception {
        relay.stop();
        UUID key = UUID.randomUUID();
        String oldSent = publish(key, 1);
        String recentSent = publish(key, 2);
        String oldUnsent = publish(key, 3);
        String oldParked = publish(key, 4);
        String oldDiscarded = publish(key, 5);
        jdbc.update("UPDATE outbox_event SET created_at = now() - interval '2 hours' WHERE event_id::text = ANY(?)",
                (Object) new String[] {oldSent, recentSent, oldUnsent, oldParked, oldDiscarded});
        jdbc.update("UPDATE outbox_event SET sent_at = now() - interval '90 minutes' WHERE event_id = ?::uuid", oldSent);
        jdbc.update("UPDATE outbox_event SET sent_at = now() - interval '10 minutes' WHERE event_id = ?::uuid", recentSent);
        jdbc.update("UPDATE outbox_event SET parked_at = now() - interval '2 hours', park_reason = 'test'"
                + " WHERE event_id::text = ANY(?)", (Object) new String[] {oldParked, oldDiscarded});
        jdbc.update("UPDATE outbox_event SET discarded_at = now() - interval '90 minutes' WHERE event_id = ?::uuid",
                oldDiscarded);
        KafkaProducer<String, byte[]> real = RelayTestKit.producer();
        cleanup.add(real);
        OutboxRelay cleaning = kit.relay("cleanup-" + UUID.randomUUID(), real,
                RelayTestKit.quick(100).withRetention(Duration.ofHours(1), Duration.ofMinutes(1)), new SimpleMeterRegistry());

        assertThat(cleaning.cleanUp()).isGreaterThanOrEqualTo(2);

        assertThat(remaining(oldSent, recentSent, oldUnsent, oldParked, oldDiscarded))
                .containsExactlyInAnyOrder(recentSent, oldUnsent, oldParked);
    }

    private List<String> remaining(String... ids) {
        return jdbc.queryForList("SELECT event_id::text FROM outbox_event WHERE event_id::text = ANY(?)", String.class,
                (Object) ids);
    }

    private List<String> publishRound(List<UUID> keys, int from, int to) {
        List<String> ids = new ArrayList<>();
        for (int sequence = from; sequence <= to; sequence++) {
            for (UUID key : keys) {
                ids.add(publish(key, sequence));
            }
        }
        return ids;
    }

    private String publish(UUID key, int sequence) {
        return transactions.execute(status -> outbox.publish(updated(key, sequence))).toString();
    }

    private boolean sentAt(String eventId) {
        return Boolean.TRUE.equals(jdbc.queryForObject(
                "SELECT sent_at IS NOT NULL FROM outbox_event WHERE event_id = ?::uuid", Boolean.class, eventId));
    }

    private int sentBy(List<String> ids, String instanceId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE event_id::text = ANY(?) AND sent_by = ?",
                Integer.class, ids.toArray(String[]::new), instanceId);
    }

    private double failures(String kind) {
        return meters.get("commerce.outbox.publish.failures").tag("kind", kind).counter().count();
    }

    private ListAppender<ILoggingEvent> auditLog() {
        Logger logger = (Logger) LoggerFactory.getLogger("commerce.audit");
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        cleanup.add(() -> logger.detachAppender(appender));
        return appender;
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    /** The broker's acknowledgement, with something happening after it and before the relay sees it. */
    private record AckThen(Future<RecordMetadata> ack, Runnable then) implements Future<RecordMetadata> {

        @Override
        public RecordMetadata get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, TimeoutException {
            RecordMetadata metadata = ack.get(timeout, unit);
            then.run();
            return metadata;
        }

        @Override
        public RecordMetadata get() throws InterruptedException, ExecutionException {
            RecordMetadata metadata = ack.get();
            then.run();
            return metadata;
        }

        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            return ack.cancel(mayInterruptIfRunning);
        }

        @Override
        public boolean isCancelled() {
            return ack.isCancelled();
        }

        @Override
        public boolean isDone() {
            return ack.isDone();
        }
    }
}
