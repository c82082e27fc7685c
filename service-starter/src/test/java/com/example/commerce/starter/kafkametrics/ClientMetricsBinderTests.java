package com.example.commerce.starter.kafkametrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ClientMetricsBinderTests {

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor();
    private final ClientMetricsBinder<String, String> binder = new ClientMetricsBinder<>(meters, refresher,
            Duration.ofSeconds(5));

    @AfterEach
    void stop() {
        refresher.shutdownNow();
    }

    @Test
    void bindsAClientsMetricsTaggedWithItsIdUntilTheClientGoesAndKeepsTheSharedScheduler() {
        // A consumer connects only when it polls, so no broker is needed to see its metrics.
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:1", ConsumerConfig.GROUP_ID_CONFIG, "probe"),
                new StringDeserializer(), new StringDeserializer())) {
            binder.consumerAdded("factory.probe-0", consumer);
            binder.consumerAdded("factory.probe-0", consumer);

            assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").tag("spring.id", "factory.probe-0")
                    .meters()).hasSize(1);

            binder.consumerRemoved("factory.probe-0", consumer);

            assertThat(meters.find("kafka.consumer.fetch.manager.records.lag.max").meters()).isEmpty();
            assertThat(refresher.isShutdown()).isFalse();
        }
    }
}
