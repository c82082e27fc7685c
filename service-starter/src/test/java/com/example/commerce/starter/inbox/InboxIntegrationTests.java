package com.example.commerce.starter.inbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
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
 * A real listener behind the starter's inbox and error handler, fed raw records on a real broker:
 * duplicates change nothing, poison goes to the dead-letter topic with its reason, the rest flows in order.
 */
@SpringBootTest(classes = InboxIntegrationTests.InboxTestApplication.class, properties = {
        "spring.application.name=inbox-test", "commerce.service.schema=catalog", "commerce.outbox.enabled=false",
        "commerce.kafka.retry.initial-interval=50ms", "commerce.kafka.retry.max-attempts=4"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class InboxIntegrationTests {

    static final String CONSUMER = "inbox-probe";

    /** Names that fail the effect transiently this many more times. */
    static final Map<String, AtomicInteger> FLAKY = new ConcurrentHashMap<>();

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

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
        for (int i = 0; i < 3; i++) {
            send(productId, eventId.toString(), "catalog.ProductUpdated.v1", json(productId, "once"));
        }
        UUID marker = UUID.randomUUID();
        send(marker, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(marker, "after"));

        await().atMost(Duration.ofSeconds(30)).until(() -> !effects(marker).isEmpty());
        assertThat(effects(productId)).containsExactly("once");
        assertThat(meters.get("commerce.inbox.duplicates").tag("consumer", CONSUMER).counter().count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void poisonRecordIsDeadLetteredWithItsReasonAndTheRestFlowsInOrder() {
        UUID productId = UUID.randomUUID();
        String poisonId = Uuids.v7().toString();
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "first"));
        send(productId, poisonId, "catalog.ProductUpdated.v1", "{\"productId\":\"not json".getBytes(StandardCharsets.UTF_8));
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "second"));

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(productId).size() == 2);
        assertThat(effects(productId)).containsExactly("first", "second");

        ConsumerRecord<String, byte[]> dead = awaitDeadLetter(poisonId);
        assertThat(dead.key()).isEqualTo(productId.toString());
        assertThat(header(dead, "ce_type")).isEqualTo("catalog.ProductUpdated.v1");
        assertThat(header(dead, "kafka_dlt-exception-message")).contains("payload is not a valid catalog.ProductUpdated.v1");
        assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(Topics.CATALOG_EVENTS);
    }

    @Test
    void unknownTypeAndMissingHeadersAreDeadLettered() {
        UUID productId = UUID.randomUUID();
        String unknownId = Uuids.v7().toString();
        send(productId, unknownId, "catalog.ProductTeleported.v9", json(productId, "x"));
        producer.send(new ProducerRecord<>(Topics.CATALOG_EVENTS, productId.toString(), json(productId, "bare")));

        assertThat(header(awaitDeadLetter(unknownId), "kafka_dlt-exception-message")).contains("unknown event type");
        await().atMost(Duration.ofSeconds(30)).until(() -> meters.find("commerce.kafka.dead.letters")
                .tag("topic", Topics.CATALOG_EVENTS).counter() != null
                && meters.get("commerce.kafka.dead.letters").tag("topic", Topics.CATALOG_EVENTS).counter().count() >= 2);
        assertThat(effects(productId)).isEmpty();
    }

    @Test
    void transientFailureIsRetriedAndKeepsTheOrder() {
        UUID productId = UUID.randomUUID();
        FLAKY.put("flaky-" + productId, new AtomicInteger(2));
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "flaky-" + productId));
        send(productId, Uuids.v7().toString(), "catalog.ProductUpdated.v1", json(productId, "next"));

        await().atMost(Duration.ofSeconds(30)).until(() -> effects(productId).size() == 2);
        assertThat(effects(productId)).containsExactly("flaky-" + productId, "next");
        assertThat(FLAKY.get("flaky-" + productId).get()).isZero();
    }

    private void send(UUID key, String eventId, String type, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CATALOG_EVENTS, key.toString(), payload);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/tests".getBytes(StandardCharsets.UTF_8));
        try {
            producer.send(record).get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static byte[] json(UUID productId, String name) {
        return ("{\"productId\":\"" + productId + "\",\"sku\":\"SKU-1\",\"name\":\"" + name
                + "\",\"description\":null,\"occurredAt\":\"2026-11-22T10:00:00Z\"}").getBytes(StandardCharsets.UTF_8);
    }

    private List<String> effects(UUID productId) {
        return jdbc.queryForList("SELECT name FROM inbox_probe_effect WHERE product_id = ? ORDER BY seq", String.class,
                productId);
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetter(String eventId) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = SharedInfrastructure.get().kafka()
                .readerOf(Topics.deadLetterTopicOf(Topics.CATALOG_EVENTS))) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.headers().lastHeader("ce_id") != null && eventId.equals(header(record, "ce_id"))) {
                        found.add(record);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.get(0);
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @SpringBootApplication
    static class InboxTestApplication {

        @Bean
        InitializingBean probeEffectTable(JdbcTemplate jdbc) {
            return () -> jdbc.execute("""
                    CREATE TABLE IF NOT EXISTS inbox_probe_effect (
                        seq bigserial PRIMARY KEY, event_id uuid NOT NULL, product_id uuid NOT NULL, name text NOT NULL)""");
        }

        @Bean
        ProbeListener probeListener(Inbox inbox, JdbcTemplate jdbc) {
            return new ProbeListener(inbox, jdbc);
        }
    }

    /** A listener as a service writes one: translate the event into an effect, nothing else. */
    static class ProbeListener {

        private final Inbox inbox;
        private final JdbcTemplate jdbc;

        ProbeListener(Inbox inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = Topics.CATALOG_EVENTS, groupId = CONSUMER)
        void on(ConsumerRecord<String, byte[]> record) {
            inbox.receive(CONSUMER, record, event -> {
                ProductUpdated updated = (ProductUpdated) event.payload();
                AtomicInteger failuresLeft = FLAKY.get(updated.name());
                if (failuresLeft != null && failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                    throw new IllegalStateException("transient failure of " + updated.name());
                }
                jdbc.update("INSERT INTO inbox_probe_effect (event_id, product_id, name) VALUES (?, ?, ?)",
                        event.eventId(), updated.productId(), updated.name());
            });
        }
    }
}
