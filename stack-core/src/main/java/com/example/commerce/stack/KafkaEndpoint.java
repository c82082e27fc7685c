package com.example.commerce.stack;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A Kafka cluster reached by its bootstrap address, whoever started it (our own broker process or a
 * container): what the launcher and the tests do to it as clients.
 */
public record KafkaEndpoint(String bootstrapServers) {

    /** Creates the topics that do not exist yet, each with {@code partitions} partitions. */
    public void createTopics(Collection<String> topics, int partitions) {
        try (Admin admin = Admin.create(adminConfig(Duration.ofSeconds(30)))) {
            List<NewTopic> newTopics = topics.stream().map(topic -> new NewTopic(topic, partitions, (short) 1)).toList();
            admin.createTopics(newTopics).values().forEach((topic, result) -> {
                try {
                    result.get(60, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("could not create topic " + topic, e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating " + topic, e);
                } catch (TimeoutException e) {
                    throw new IllegalStateException("timed out creating " + topic, e);
                }
            });
        }
    }

    /** The topics the cluster has, internal ones left out. */
    public Set<String> topics() {
        try (Admin admin = Admin.create(adminConfig(Duration.ofSeconds(10)))) {
            return admin.listTopics().names().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("could not list topics", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing topics", e);
        }
    }

    /**
     * A consumer of {@code topic} from its first record, in a group of its own, with raw values: what a
     * test or an operator uses to read what is on a topic. The caller closes it.
     */
    public KafkaConsumer<String, byte[]> readerOf(String topic) {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "reader-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new ByteArrayDeserializer());
        consumer.subscribe(List.of(topic));
        return consumer;
    }

    /** Admin client settings that give up after {@code timeout} and reconnect quickly. */
    Properties adminConfig(Duration timeout) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) timeout.toMillis());
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) Math.max(timeout.toMillis(), 5000));
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 200);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        return config;
    }
}
