package com.example.commerce.starter.kafkametrics;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Binds each Kafka client's metrics for as long as the client lives, tagged {@code spring.id} as Spring
 * Kafka's own listeners tag them, and looks for new ones every {@code refreshInterval} on a scheduler
 * that stays with the caller when a client goes.
 */
final class ClientMetricsBinder<K, V> implements ConsumerFactory.Listener<K, V>, ProducerFactory.Listener<K, V> {

    private final MeterRegistry meters;
    private final ScheduledExecutorService refresher;
    private final Duration refreshInterval;
    private final Map<String, KafkaClientMetrics> bound = new ConcurrentHashMap<>();

    ClientMetricsBinder(MeterRegistry meters, ScheduledExecutorService refresher, Duration refreshInterval) {
        this.meters = meters;
        this.refresher = refresher;
        this.refreshInterval = refreshInterval;
    }

    @Override
    public void consumerAdded(String id, Consumer<K, V> consumer) {
        bind(id, () -> new KafkaClientMetrics(consumer, tags(id), refresher, refreshInterval));
    }

    @Override
    public void consumerRemoved(String id, Consumer<K, V> consumer) {
        unbind(id);
    }

    @Override
    public void producerAdded(String id, Producer<K, V> producer) {
        bind(id, () -> new KafkaClientMetrics(producer, tags(id), refresher, refreshInterval));
    }

    @Override
    public void producerRemoved(String id, Producer<K, V> producer) {
        unbind(id);
    }

    private void bind(String id, Supplier<KafkaClientMetrics> metrics) {
        bound.computeIfAbsent(id, ignored -> {
            KafkaClientMetrics created = metrics.get();
            created.bindTo(meters);
            return created;
        });
    }

    private void unbind(String id) {
        KafkaClientMetrics metrics = bound.remove(id);
        if (metrics != null) {
            metrics.close();
        }
    }

    private static List<Tag> tags(String id) {
        return List.of(Tag.of("spring.id", id));
    }
}
