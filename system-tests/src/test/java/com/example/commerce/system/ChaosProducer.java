package com.example.commerce.system;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupListing;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * A misbehaving producer on the fleet's broker: it publishes records again exactly as they were (key, value,
 * every header, so the same CloudEvents id), as a producer retry or a replayed partition would, and poison
 * records (no CloudEvents headers, a body that is not an event) that no consumer can ever process.
 */
final class ChaosProducer implements AutoCloseable {

    /** Where a record landed. */
    record Sent(String topic, int partition, long offset, String eventId) {
    }

    private final String bootstrap;
    private final KafkaProducer<String, byte[]> producer;
    private final Random random;

    ChaosProducer(String bootstrap, long seed) {
        this.bootstrap = bootstrap;
        this.random = new Random(seed);
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        this.producer = new KafkaProducer<>(config, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Publishes {@code count} records of {@code topic} again, picked at random from everything on it so far
     * (old ones are delayed deliveries, recent ones plain duplicates), each exactly as it was.
     */
    List<Sent> duplicate(String topic, int count) {
        List<ConsumerRecord<String, byte[]>> all = read(topic);
        List<Sent> sent = new ArrayList<>();
        for (int i = 0; i < count && !all.isEmpty(); i++) {
            ConsumerRecord<String, byte[]> original = all.get(random.nextInt(all.size()));
            ProducerRecord<String, byte[]> copy = new ProducerRecord<>(topic, original.partition(), original.key(),
                    original.value(), original.headers());
            var header = original.headers().lastHeader("ce_id");
            sent.add(send(copy, header == null ? null : new String(header.value(), StandardCharsets.UTF_8)));
        }
        return sent;
    }

    /** A record no consumer can process: no CloudEvents headers, and a body that is not JSON. */
    Sent poison(String topic) {
        byte[] body = ("poison " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
        return send(new ProducerRecord<>(topic, UUID.randomUUID().toString(), body), null);
    }

    /** The consumer groups (among {@code groups}) that have committed offsets on {@code topic}. */
    Set<String> consumersOf(String topic, Collection<String> groups) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        Set<String> consumers = new HashSet<>();
        try (Admin admin = Admin.create(config)) {
            for (ConsumerGroupListing listing : admin.listConsumerGroups().all().get(30, TimeUnit.SECONDS)) {
                if (!groups.contains(listing.groupId())) {
                    continue;
                }
                Map<TopicPartition, ?> offsets = admin.listConsumerGroupOffsets(listing.groupId())
                        .partitionsToOffsetAndMetadata().get(30, TimeUnit.SECONDS);
                if (offsets.keySet().stream().anyMatch(tp -> tp.topic().equals(topic))) {
                    consumers.add(listing.groupId());
                }
            }
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list the consumer groups", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        return consumers;
    }

    private Sent send(ProducerRecord<String, byte[]> record, String eventId) {
        try {
            RecordMetadata at = producer.send(record).get(30, TimeUnit.SECONDS);
            return new Sent(at.topic(), at.partition(), at.offset(), eventId);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("the broker did not take a chaos record on " + record.topic(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private List<ConsumerRecord<String, byte[]>> read(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(30)).stream()
                    .map(info -> new TopicPartition(topic, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            long until = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.nanoTime() < until) {
                for (ConsumerRecord<String, byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    // Only real events: a poison record sent earlier is not published again.
                    if (record.headers().lastHeader("ce_id") != null) {
                        records.add(record);
                    }
                }
            }
        }
        return records;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
