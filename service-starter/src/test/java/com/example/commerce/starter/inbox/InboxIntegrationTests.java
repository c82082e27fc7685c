package com.example.commerce.starter.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.SharedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.ContextConfiguration;

/**
 * Two real listeners behind the starter's inbox and error handler, one taking a record at a time and one
 * a whole poll per transaction, fed the same raw records on a real broker: in both, duplicates change
 * nothing, poison goes to the dead-letter topic with its reason, and the rest flows in order.
 */
@SpringBootTest(classes = InboxIntegrationTests.InboxTestApplication.class, properties = {
        "spring.application.name=inbox-test", "commerce.service.schema=catalog", "commerce.outbox.enabled=false",
        "commerce.kafka.retry.initial-interval=50ms", "commerce.kafka.retry.max-attempts=4"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class InboxIntegrationTests {

    static final String CONSUMER = "inbox-probe";
    static final String BATCH_CONSUMER = "inbox-batch-probe";
    static final List<String> CONSUMERS = List.of(CONSUMER, BATCH_CONSUMER);

    /** Consumer + name: effects that fail transiently this many more times. */
    static final Map<String, AtomicInteger> FLAKY = new ConcurrentHashMap<>();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private InboxCleanup cleanup;

    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void connect() {
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    @AfterEach
    void disconnect() {
        producer.close();
    }

    @Test
    void redeliveredEventChangesNothing() {
        UUID productId = UUID.randomUUID();
        UUID eventId = Uuids.v7();
        Map<String, Double> duplicatesBefore = new HashMap<>();
        CONSUMERS.forEach(consumer -> duplicatesBefore.put(consumer, duplicates(consumer)));
        for (int i = 0; i < 3; i++) {
            send(productId, eventId.toString(), "catalog.ProductUpdated.v1", json(productId, "once"));
        }
        // The marker has the copies' key, so it is on their partition and behind them: once it is processed,
        // so are they.
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "after"));

        for (String consumer : CONSUMERS) {
            await().atMost(Duration.ofSeconds(30)).until(() -> effects(consumer, productId).contains("after"));
            assertThat(effects(consumer, productId)).as(consumer).containsExactly("once", "after");
            assertThat(duplicates(consumer) - duplicatesBefore.get(consumer)).as(consumer).isEqualTo(2.0);
        }
    }

    @Test
    void rowsPastTheirRetentionAreCleanedUpAndRecentOnesKept() {
        String consumer = "cleanup-probe-" + UUID.randomUUID();
        UUID old = Uuids.v7();
        UUID recent = Uuids.v7();
        String insert = """
                INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset, processed_at)
                VALUES (?, ?, 'catalog.ProductUpdated.v1', 'catalog.events', 0, 0, now() - make_interval(days => ?))""";
        jdbc.update(insert, consumer, old, 15);
        jdbc.update(insert, consumer, recent, 13);
        double cleanedBefore = meters.get("commerce.inbox.cleaned").counter().count();

        assertThat(cleanup.cleanUp()).isGreaterThanOrEqualTo(1);

        assertThat(jdbc.queryForList("SELECT event_id FROM inbox_message WHERE consumer = ?", UUID.class, consumer))
                .containsExactly(recent);
        assertThat(meters.get("commerce.inbox.cleaned").counter().count()).isGreaterThanOrEqualTo(cleanedBefore + 1);
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonAndTheRestFlowsInOrder() {
        UUID productId = UUID.randomUUID();
        String poisonId = Uuids.v7().toString();
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "first"));
        send(productId, poisonId, "catalog.ProductUpdated.v1", "{\"productId\":\"not json".getBytes(StandardCharsets.UTF_8));
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "second"));

        for (String consumer : CONSUMERS) {
            await().atMost(Duration.ofSeconds(30)).until(() -> effects(consumer, productId).size() == 2);
            assertThat(effects(consumer, productId)).containsExactly("first", "second");
        }

        List<ConsumerRecord<String, byte[]>> dead = awaitDeadLetters(poisonId, CONSUMERS.size());
        assertThat(dead).extracting(record -> header(record, "kafka_dlt-original-consumer-group"))
                .containsExactlyInAnyOrderElementsOf(CONSUMERS);
        for (ConsumerRecord<String, byte[]> record : dead) {
            assertThat(record.key()).isEqualTo(productId.toString());
            assertThat(header(record, "ce_type")).isEqualTo("catalog.ProductUpdated.v1");
            assertThat(header(record, "kafka_dlt-exception-message"))
                    .contains("payload is not a valid catalog.ProductUpdated.v1");
            assertThat(header(record, "kafka_dlt-original-topic")).isEqualTo(Topics.CATALOG_EVENTS);
        }
    }

    @Test
    void unknownTypeAndMissingHeadersAreDeadLettered() throws Exception {
        UUID productId = UUID.randomUUID();
        String unknownId = Uuids.v7().toString();
        send(productId, unknownId, "catalog.ProductTeleported.v9", json(productId, "x"));
        RecordMetadata bare = producer.send(new ProducerRecord<>(Topics.CATALOG_EVENTS, productId.toString(),
                json(productId, "bare"))).get();

        assertThat(awaitDeadLetters(unknownId, CONSUMERS.size()))
                .allSatisfy(dead -> assertThat(header(dead, "kafka_dlt-exception-message")).contains("unknown event type"));
        // The record without CloudEvents headers, found by where it was: on the DLT once per group, with the reason ...
        List<ConsumerRecord<String, byte[]>> bareOnTopic = awaitDeadLettersOf(bare, CONSUMERS.size());
        assertThat(bareOnTopic).extracting(record -> header(record, "kafka_dlt-original-consumer-group"))
                .containsExactlyInAnyOrderElementsOf(CONSUMERS);
        assertThat(bareOnTopic).allSatisfy(dead -> {
            assertThat(dead.key()).isEqualTo(productId.toString());
            assertThat(dead.partition()).isEqualTo(bare.partition());
            assertThat(header(dead, "kafka_dlt-exception-message")).contains("missing CloudEvents header");
        });
        // ... and in the dead_letter table, once per group.
        await().atMost(Duration.ofSeconds(30)).until(() -> deadLetterGroupsOf(bare).size() >= CONSUMERS.size());
        assertThat(deadLetterGroupsOf(bare)).containsExactlyInAnyOrderElementsOf(CONSUMERS);
        assertThat(jdbc.queryForList("SELECT reason FROM dead_letter WHERE topic = ? AND kafka_partition = ?"
                        + " AND kafka_offset = ?", String.class, bare.topic(), bare.partition(), bare.offset()))
                .allSatisfy(reason -> assertThat(reason).isEqualTo("missing CloudEvents header ce_id or ce_type"));
        for (String consumer : CONSUMERS) {
            assertThat(effects(consumer, productId)).isEmpty();
        }
    }

    @Test
    void transientFailureIsRetriedAndKeepsTheOrder() {
        UUID productId = UUID.randomUUID();
        String flaky = "flaky-" + productId;
        CONSUMERS.forEach(consumer -> FLAKY.put(consumer + flaky, new AtomicInteger(2)));
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, flaky));
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "next"));

        for (String consumer : CONSUMERS) {
            await().atMost(Duration.ofSeconds(30)).until(() -> effects(consumer, productId).size() == 2);
            assertThat(effects(consumer, productId)).containsExactly(flaky, "next");
            assertThat(FLAKY.get(consumer + flaky).get()).isZero();
        }
    }

    @Test
    void aPoisonAndAFlakyRecordInTheMiddleOfABurstFailOnlyThemselves() {
        UUID productId = UUID.randomUUID();
        String flaky = "flaky-" + productId;
        CONSUMERS.forEach(consumer -> FLAKY.put(consumer + flaky, new AtomicInteger(2)));
        String poisonId = Uuids.v7().toString();
        List<String> expected = new ArrayList<>();
        List<ProducerRecord<String, byte[]>> burst = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            if (i == 20) {
                burst.add(record(productId, poisonId, "catalog.ProductUpdated.v1",
                        "{\"productId\":".getBytes(StandardCharsets.UTF_8)));
                continue;
            }
            String name = i == 40 ? flaky : "burst-" + i;
            expected.add(name);
            burst.add(record(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, name)));
        }
        burst.forEach(producer::send);
        producer.flush();

        for (String consumer : CONSUMERS) {
            await().atMost(Duration.ofSeconds(60)).until(() -> effects(consumer, productId).size() >= expected.size());
            assertThat(effects(consumer, productId)).containsExactlyElementsOf(expected);
        }
        assertThat(awaitDeadLetters(poisonId, CONSUMERS.size()))
                .extracting(record -> header(record, "kafka_dlt-original-consumer-group"))
                .containsExactlyInAnyOrderElementsOf(CONSUMERS);
    }

    private void send(UUID key, String eventId, String type, byte[] payload) {
        try {
            producer.send(record(key, eventId, type, payload)).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ProducerRecord<String, byte[]> record(UUID key, String eventId, String type, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CATALOG_EVENTS, key.toString(), payload);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/tests".getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static byte[] json(UUID productId, String name) {
        return ("{\"productId\":\"" + productId + "\",\"sku\":\"SKU-1\",\"name\":\"" + name
                + "\",\"description\":null,\"occurredAt\":\"2026-11-22T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private List<String> effects(String consumer, UUID productId) {
        return jdbc.queryForList("SELECT name FROM inbox_probe_effect WHERE consumer = ? AND product_id = ? ORDER BY seq",
                String.class, consumer, productId);
    }

    /** The dead letters of one event, one per consumer group that gave up on it. */
    private List<ConsumerRecord<String, byte[]>> awaitDeadLetters(String eventId, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfrastructure.get().kafka()
                .readerOf(Topics.deadLetterTopicOf(Topics.CATALOG_EVENTS))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.headers().lastHeader("ce_id") != null && eventId.equals(header(record, "ce_id"))) {
                        found.add(record);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    /** The copies on the DLT of the record sent at {@code sent}, one per consumer group that gave up on it. */
    private List<ConsumerRecord<String, byte[]>> awaitDeadLettersOf(RecordMetadata sent, int count) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfrastructure.get().kafka()
                .readerOf(Topics.deadLetterTopicOf(sent.topic()))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (sent.topic().equals(header(record, "kafka_dlt-original-topic"))
                            && intHeader(record, "kafka_dlt-original-partition") == sent.partition()
                            && longHeader(record, "kafka_dlt-original-offset") == sent.offset()) {
                        found.add(record);
                    }
                }
                return found.size() >= count;
            });
        }
        return found;
    }

    private List<String> deadLetterGroupsOf(RecordMetadata sent) {
        return jdbc.queryForList("SELECT consumer_group FROM dead_letter WHERE topic = ? AND kafka_partition = ?"
                + " AND kafka_offset = ?", String.class, sent.topic(), sent.partition(), sent.offset());
    }

    private double duplicates(String consumer) {
        Counter counter = meters.find("commerce.inbox.duplicates").tag("consumer", consumer)
                .tag("topic", Topics.CATALOG_EVENTS).counter();
        return counter == null ? 0 : counter.count();
    }

    private static int intHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? -1 : ByteBuffer.wrap(header.value()).getInt();
    }

    private static long longHeader(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? -1 : ByteBuffer.wrap(header.value()).getLong();
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    @SpringBootApplication
    static class InboxTestApplication {

        @Bean
        InitializingBean probeEffectTable(JdbcTemplate jdbc) {
            return () -> jdbc.execute("""
                    CREATE TABLE IF NOT EXISTS inbox_probe_effect (
                        seq bigserial PRIMARY KEY, consumer text NOT NULL, event_id uuid NOT NULL,
                        product_id uuid NOT NULL, name text NOT NULL)""");
        }

        @Bean
        ProbeListener probeListener(Inbox inbox, JdbcTemplate jdbc) {
            return new ProbeListener(inbox, jdbc);
        }
    }

    /** Listeners as a service writes them: translate the event into an effect, nothing else. */
    static class ProbeListener {

        private final Inbox inbox;
        private final JdbcTemplate jdbc;

        ProbeListener(Inbox inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = Topics.CATALOG_EVENTS, groupId = CONSUMER)
        void on(ConsumerRecord<String, byte[]> record) {
            inbox.receive(CONSUMER, record, event -> apply(CONSUMER, event));
        }

        @KafkaListener(topics = Topics.CATALOG_EVENTS, groupId = BATCH_CONSUMER, batch = "true")
        void onPoll(List<ConsumerRecord<String, byte[]>> records) {
            inbox.receiveAll(BATCH_CONSUMER, records, event -> apply(BATCH_CONSUMER, event));
        }

        private void apply(String consumer, ReceivedEvent event) {
            ProductUpdated updated = (ProductUpdated) event.payload();
            AtomicInteger failuresLeft = FLAKY.get(consumer + updated.name());
            if (failuresLeft != null && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("transient failure of " + updated.name());
            }
            jdbc.update("INSERT INTO inbox_probe_effect (consumer, event_id, product_id, name) VALUES (?, ?, ?, ?)",
                    consumer, event.eventId(), updated.productId(), updated.name());
        }
    }
}
