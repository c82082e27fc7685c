package com.example.commerce.starter.kafkametrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.MicrometerConsumerListener;
import org.springframework.kafka.core.MicrometerProducerListener;
import org.springframework.kafka.core.ProducerFactory;

/**
 * Swaps the metrics listeners Spring Boot puts on its Kafka client factories for a
 * {@link ClientMetricsBinder} that looks for new client metrics every
 * {@link KafkaClientMetricsProperties#refreshInterval()}, on one daemon thread that all clients share.
 * Boot's listeners are found after Boot's customizers ran, so the swap does not depend on their order.
 */
public class RefreshingKafkaClientMetrics implements BeanPostProcessor, DisposableBean {

    private final ObjectProvider<MeterRegistry> meters;
    private final ObjectProvider<KafkaClientMetricsProperties> properties;
    private ScheduledExecutorService scheduler;

    RefreshingKafkaClientMetrics(ObjectProvider<MeterRegistry> meters,
                                 ObjectProvider<KafkaClientMetricsProperties> properties) {
        this.meters = meters;
        this.properties = properties;
    }

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof DefaultKafkaConsumerFactory<?, ?> consumers) {
            swapConsumerListeners(consumers);
        } else if (bean instanceof DefaultKafkaProducerFactory<?, ?> producers) {
            swapProducerListeners(producers);
        }
        return bean;
    }

    private <K, V> void swapConsumerListeners(DefaultKafkaConsumerFactory<K, V> factory) {
        List<ConsumerFactory.Listener<K, V>> boots = factory.getListeners().stream()
                .filter(listener -> listener.getClass() == MicrometerConsumerListener.class).toList();
        if (!boots.isEmpty()) {
            boots.forEach(factory::removeListener);
            factory.addListener(binder());
        }
    }

    private <K, V> void swapProducerListeners(DefaultKafkaProducerFactory<K, V> factory) {
        List<ProducerFactory.Listener<K, V>> boots = factory.getListeners().stream()
                .filter(listener -> listener.getClass() == MicrometerProducerListener.class).toList();
        if (!boots.isEmpty()) {
            boots.forEach(factory::removeListener);
            factory.addListener(binder());
        }
    }

    private <K, V> ClientMetricsBinder<K, V> binder() {
        Duration refreshInterval = properties.getObject().refreshInterval();
        return new ClientMetricsBinder<>(meters.getObject(), scheduler(), refreshInterval);
    }

    private synchronized ScheduledExecutorService scheduler() {
        if (scheduler == null) {
            scheduler = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon()
                    .name("kafka-client-metrics").factory());
        }
        return scheduler;
    }

    @Override
    public synchronized void destroy() {
        if (scheduler != null) {
            scheduler.shutdownNow();
        }
    }
}
