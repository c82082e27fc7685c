package com.example.commerce.starter.outbox;

import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductUpdated;
import com.example.commerce.starter.tracing.EventTracing;
import com.example.commerce.testing.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.jdbc.core.JdbcTemplate;

/** What the outbox tests share: relays built by hand, producers with faults, and what arrived per key. */
final class RelayTestKit {

    static final String LOCK = "catalog.outbox";

    private final DataSource dataSource;
    private final DataSourceProperties dataSourceProperties;
    private final JdbcTemplate jdbc;

    RelayTestKit(DataSource dataSource, DataSourceProperties dataSourceProperties) {
        this.dataSource = dataSource;
        this.dataSourceProperties = dataSourceProperties;
        this.jdbc = new JdbcTemplate(dataSource);
    }

    /** A real idempotent producer of the shared broker, bounded like the starter's. */
    static KafkaProducer<String, byte[]> producer(String bootstrapServers) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 2_000,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 4_000,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, 2_000,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    static KafkaProducer<String, byte[]> producer() {
        return producer(SharedInfrastructure.get().bootstrapServers());
    }

    /** Quick test settings: 50 ms polls, batches of {@code batchSize}, backoff up to 2 s, acks within 10 s. */
    static OutboxProperties quick(int batchSize) {
        return OutboxProperties.defaults().withPollInterval(Duration.ofMillis(50)).withBatchSize(batchSize)
                .withMaxBackoff(Duration.ofSeconds(2)).withAckTimeout(Duration.ofSeconds(10));
    }

    OutboxRelay relay(String instanceId, Producer<String, byte[]> producer, OutboxProperties properties,
                      MeterRegistry meters) {
        return new OutboxRelay(dataSource, OutboxAutoConfiguration.relaySessions(dataSourceProperties, "catalog", instanceId),
                producer, properties, "/commerce/outbox-test", LOCK, instanceId, meters, EventTracing.NONE,
                TopicDirectory.UNKNOWN);
    }

    /**
     * A producer that sends through {@code delegate}, except where {@code send} answers otherwise: given
     * the record and the real send (call it to send), it returns the future the relay sees.
     */
    @SuppressWarnings("unchecked")
    static Producer<String, byte[]> intercepting(Producer<String, byte[]> delegate,
            BiFunction<ProducerRecord<String, byte[]>, java.util.function.Supplier<Future<RecordMetadata>>, Future<RecordMetadata>> send) {
        InvocationHandler handler = (proxy, method, args) -> {
            if (method.getName().equals("send") && args != null && args.length == 1) {
                ProducerRecord<String, byte[]> record = (ProducerRecord<String, byte[]>) args[0];
                return send.apply(record, () -> delegate.send(record));
            }
            try {
                return method.invoke(delegate, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            }
        };
        return (Producer<String, byte[]>) Proxy.newProxyInstance(RelayTestKit.class.getClassLoader(),
                new Class<?>[] {Producer.class}, handler);
    }

    /** Ends the relay session of {@code instanceId} as an administrator would, and waits until it is gone. */
    void terminateSessionOf(String instanceId) {
        List<Integer> pids = jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE application_name = ?",
                Integer.class, applicationName(instanceId));
        if (pids.isEmpty()) {
            throw new IllegalStateException("no session of relay " + instanceId);
        }
        for (int pid : pids) {
            jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, pid);
        }
        // The relay may open a new session at once; the terminated ones must be gone.
        await().atMost(Duration.ofSeconds(10)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(?)", Integer.class,
                (Object) pids.toArray(Integer[]::new)) == 0);
    }

    static String applicationName(String instanceId) {
        String name = "outbox-relay " + instanceId;
        return name.length() > 63 ? name.substring(0, 63) : name;
    }

    /** How many sessions hold the relay lock right now. */
    int lockHolders() {
        return jdbc.queryForObject("""
                SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND granted
                  AND objid::bigint = (hashtext(?)::bigint & 4294967295)""", Integer.class, LOCK);
    }

    static ProductUpdated updated(UUID productId, int sequence) {
        return updated(productId, sequence, "name-" + sequence);
    }

    /** An event whose name carries its sequence number, {@code name-<n>}, followed by {@code padding}. */
    static ProductUpdated updated(UUID productId, int sequence, String name) {
        return new ProductUpdated(productId, "SKU-" + productId.toString().substring(0, 8), name, null,
                Instant.parse("2026-11-22T10:00:00Z").plusSeconds(sequence));
    }

    static String header(ProducerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static String header(ConsumerRecord<String, byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    static int sequenceOf(ConsumerRecord<String, byte[]> record) {
        String body = new String(record.value(), StandardCharsets.UTF_8);
        int start = body.indexOf("\"name\":\"name-") + "\"name\":\"name-".length();
        int end = start;
        while (end < body.length() && Character.isDigit(body.charAt(end))) {
            end++;
        }
        return Integer.parseInt(body.substring(start, end));
    }

    /**
     * Every record of the catalogue topic as it arrives, from the start of the topic: the arrival order per
     * key (first copies and duplicates), as a consumer that cares about order would see it.
     */
    static final class Arrivals implements AutoCloseable {

        private final KafkaConsumer<String, byte[]> consumer;
        private final List<ConsumerRecord<String, byte[]>> inOrder = new ArrayList<>();

        Arrivals() {
            this.consumer = SharedInfrastructure.get().kafka().readerOf(Topics.CATALOG_EVENTS);
        }

        /** Polls until every event id has arrived at least once. */
        void awaitAll(Collection<String> eventIds) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(10))
                    .until(() -> {
                        poll(Duration.ofMillis(200));
                        return eventIdsSeen().containsAll(eventIds);
                    });
        }

        /** Polls for {@code duration}, for a check that something did not arrive. */
        void pollFor(Duration duration) {
            long end = System.nanoTime() + duration.toNanos();
            while (System.nanoTime() < end) {
                poll(Duration.ofMillis(100));
            }
        }

        private void poll(Duration timeout) {
            for (ConsumerRecord<String, byte[]> record : consumer.poll(timeout)) {
                if (record.headers().lastHeader("ce_id") != null) {
                    inOrder.add(record);
                }
            }
        }

        java.util.Set<String> eventIdsSeen() {
            java.util.Set<String> ids = new java.util.HashSet<>();
            inOrder.forEach(record -> ids.add(header(record, "ce_id")));
            return ids;
        }

        /** The sequence numbers of one key's events in the order their first copies arrived. */
        List<Integer> firstDeliveries(UUID key) {
            Map<String, Integer> first = new LinkedHashMap<>();
            for (ConsumerRecord<String, byte[]> record : inOrder) {
                if (key.toString().equals(record.key())) {
                    first.putIfAbsent(header(record, "ce_id"), sequenceOf(record));
                }
            }
            return new ArrayList<>(first.values());
        }

        /** Every copy of one event that arrived. */
        List<ConsumerRecord<String, byte[]>> copiesOf(String eventId) {
            return inOrder.stream().filter(record -> header(record, "ce_id").equals(eventId)).toList();
        }

        @Override
        public void close() {
            consumer.close();
        }
    }
}
