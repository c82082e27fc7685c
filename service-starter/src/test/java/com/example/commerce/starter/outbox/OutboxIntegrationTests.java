package com.example.commerce.starter.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.KafkaBroker;
import com.example.commerce.testing.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Producer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/** The outbox against a real PostgreSQL and a real Kafka broker. */
@SpringBootTest(classes = OutboxIntegrationTests.OutboxTestApplication.class,
        properties = {"spring.application.name=outbox-test", "commerce.service.schema=catalog"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class OutboxIntegrationTests {

    @Autowired
    private Outbox outbox;

    @Autowired
    private OutboxRelay relay;

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

    private KafkaConsumer<String, byte[]> consumer;
    private final Map<String, ConsumerRecord<String, byte[]>> received = new ConcurrentHashMap<>();
    private final List<ConsumerRecord<String, byte[]>> receivedInOrder = new ArrayList<>();

    @BeforeEach
    void subscribe() {
        consumer = SharedInfrastructure.get().kafka().readerOf(Topics.CATALOG_EVENTS);
        relay.start();
    }

    @AfterEach
    void close() {
        consumer.close();
        relay.start();
    }

    @Test
    void publishesACommittedEventWithCloudEventsHeaders() {
        UUID productId = UUID.randomUUID();
        UUID eventId = transactions.execute(status -> outbox.publish(updated(productId, 1)));

        ConsumerRecord<String, byte[]> record = awaitRecords(Set.of(eventId.toString())).get(eventId.toString());

        assertThat(record.key()).isEqualTo(productId.toString());
        assertThat(header(record, "ce_specversion")).isEqualTo("1.0");
        assertThat(header(record, "ce_type")).isEqualTo("catalog.ProductUpdated.v1");
        assertThat(header(record, "ce_source")).isEqualTo("/commerce/outbox-test");
        assertThat(header(record, "ce_subject")).isEqualTo(productId.toString());
        assertThat(header(record, "ce_time")).isEqualTo("2026-11-22T10:00:01Z");
        assertThat(new String(record.value(), StandardCharsets.UTF_8)).contains("\"name\":\"name-1\"");
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT sent_at IS NOT NULL FROM outbox_event WHERE event_id = ?", Boolean.class, eventId));
    }

    @Test
    void aRolledBackTransactionLeavesNoEvent() {
        UUID productId = UUID.randomUUID();
        transactions.executeWithoutResult(status -> {
            outbox.publish(updated(productId, 1));
            status.setRollbackOnly();
        });
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ?", Integer.class,
                productId.toString())).isZero();
    }

    @Test
    void refusesToPublishOutsideATransaction() {
        assertThatIllegalStateException().isThrownBy(() -> outbox.publish(updated(UUID.randomUUID(), 1)));
    }

    @Test
    void eventsCommittedWhileTheRelayIsDownAreDeliveredWhenItComesBack() {
        relay.stop();
        List<String> ids = new ArrayList<>();
        UUID productId = UUID.randomUUID();
        for (int i = 1; i <= 50; i++) {
            int sequence = i;
            ids.add(transactions.execute(status -> outbox.publish(updated(productId, sequence))).toString());
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(meters.get("commerce.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(50));
        assertThat(jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND sent_at IS NULL",
                Integer.class, productId.toString())).isEqualTo(50);

        relay.start();

        Map<String, ConsumerRecord<String, byte[]>> delivered = awaitRecords(Set.copyOf(ids));
        assertThat(delivered).containsOnlyKeys(ids);
        assertThat(sequencesOf(productId)).isSorted().hasSizeGreaterThanOrEqualTo(50);
    }

    @Test
    void aBrokerOutageOf30SecondsLosesNothingAndTheBacklogDrainsAfterwards(@TempDir Path directory) {
        relay.stop();
        int port = FreePorts.any();
        int controllerPort = FreePorts.any();
        KafkaBroker broker = KafkaBroker.start(directory, port, controllerPort, Duration.ofSeconds(90));
        broker.endpoint().createTopics(Topics.all(), Topics.PARTITIONS);
        SimpleMeterRegistry outageMeters = new SimpleMeterRegistry();
        Producer<String, byte[]> producer = RelayTestKit.producer(broker.bootstrapServers());
        OutboxRelay outageRelay = new RelayTestKit(dataSource, dataSourceProperties).relay("outage", producer,
                RelayTestKit.quick(100).withAckTimeout(Duration.ofSeconds(3)), outageMeters);
        outageRelay.start();
        KafkaBroker restarted = null;
        try {
            UUID productId = UUID.randomUUID();
            publishSequence(productId, 1, 10);
            await().atMost(Duration.ofSeconds(30)).until(() -> unsent(productId) == 0);

            broker.close();
            long outageStart = System.nanoTime();
            publishSequence(productId, 11, 60);
            await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
                assertThat(outageMeters.get("commerce.outbox.pending").gauge().value()).isGreaterThanOrEqualTo(50);
                assertThat(outageMeters.get("commerce.outbox.oldest.age").gauge().value()).isGreaterThanOrEqualTo(30);
            });
            assertThat(Duration.ofNanos(System.nanoTime() - outageStart)).isGreaterThanOrEqualTo(Duration.ofSeconds(30));
            assertThat(outageMeters.get("commerce.outbox.publish.failures").tag("kind", "transient").counter().count())
                    .isPositive();
            assertThat(outageMeters.get("commerce.outbox.publish.failures").tag("kind", "permanent").counter().count())
                    .as("a broker away parks nothing").isZero();
            assertThat(outageMeters.get("commerce.outbox.relay.backoff").gauge().value())
                    .as("rounds that fail as a whole back off up to the maximum").isEqualTo(2.0);
            assertThat(outageMeters.get("commerce.outbox.parked").gauge().value()).isZero();
            assertThat(unsent(productId)).isEqualTo(50);

            restarted = KafkaBroker.start(directory, port, controllerPort, Duration.ofSeconds(90));
            await().atMost(Duration.ofSeconds(60)).until(() -> unsent(productId) == 0);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(
                    outageMeters.get("commerce.outbox.relay.backoff").gauge().value()).as("back to its pace").isZero());
            assertThat(sequencesOn(restarted, productId)).containsSequence(java.util.stream.IntStream.rangeClosed(1, 60)
                    .boxed().toList().toArray(Integer[]::new));
        } finally {
            outageRelay.stop();
            producer.close(Duration.ofSeconds(2));
            if (restarted != null) {
                restarted.close();
            }
            broker.close();
        }
    }

    private void publishSequence(UUID productId, int from, int to) {
        for (int i = from; i <= to; i++) {
            int sequence = i;
            transactions.execute(status -> outbox.publish(updated(productId, sequence)));
        }
    }

    private int unsent(UUID productId) {
        return jdbc.queryForObject("SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND sent_at IS NULL",
                Integer.class, productId.toString());
    }

    /** Every sequence number of one product on a broker, in partition order, duplicates left out. */
    private static List<Integer> sequencesOn(KafkaBroker broker, UUID productId) {
        Map<String, Integer> seen = new LinkedHashMap<>();
        try (KafkaConsumer<String, byte[]> reader = broker.endpoint().readerOf(Topics.CATALOG_EVENTS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (productId.toString().equals(record.key())) {
                        String body = new String(record.value(), StandardCharsets.UTF_8);
                        int start = body.indexOf("\"name\":\"name-") + "\"name\":\"name-".length();
                        seen.putIfAbsent(header(record, "ce_id"),
                                Integer.parseInt(body.substring(start, body.indexOf('"', start))));
                    }
                }
                return seen.size() >= 60;
            });
        }
        return new ArrayList<>(seen.values());
    }

    static ProductUpdated updated(UUID productId, int sequence) {
        return new ProductUpdated(productId, "SKU-" + productId.toString().substring(0, 8), "name-" + sequence, null,
                Instant.parse("2026-11-22T10:00:00Z").plusSeconds(sequence));
    }

    private Map<String, ConsumerRecord<String, byte[]>> awaitRecords(Set<String> eventIds) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10)).until(() -> {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                if (record.headers().lastHeader("ce_id") == null) {
                    continue; // another test's deliberately broken record
                }
                String id = header(record, "ce_id");
                received.putIfAbsent(id, record);
                receivedInOrder.add(record);
            }
            return received.keySet().containsAll(eventIds);
        });
        Map<String, ConsumerRecord<String, byte[]>> result = new LinkedHashMap<>();
        eventIds.forEach(id -> result.put(id, received.get(id)));
        return result;
    }

    /** The sequence numbers of one product's events in the order they arrived (duplicates left out). */
    private List<Integer> sequencesOf(UUID productId) {
        Map<String, Integer> firstArrival = new LinkedHashMap<>();
        for (ConsumerRecord<String, byte[]> record : receivedInOrder) {
            if (record.key().equals(productId.toString())) {
                String body = new String(record.value(), StandardCharsets.UTF_8);
                int start = body.indexOf("\"name\":\"name-") + "\"name\":\"name-".length();
                firstArrival.putIfAbsent(header(record, "ce_id"),
                        Integer.parseInt(body.substring(start, body.indexOf('"', start))));
            }
        }
        return new ArrayList<>(firstArrival.values());
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    @SpringBootApplication
    static class OutboxTestApplication {
    }
}
