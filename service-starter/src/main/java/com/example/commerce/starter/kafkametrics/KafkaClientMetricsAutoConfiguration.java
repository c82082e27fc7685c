package com.example.commerce.starter.kafkametrics;

import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;

/**
 * Kafka client metrics that show a consumer's lag per partition within seconds of its assignment, for
 * every listener of every service: Spring Boot binds the clients' metrics, and the starter makes it look
 * for new ones every {@code commerce.kafka.metrics.refresh-interval}.
 */
@AutoConfiguration
@ConditionalOnProperty("commerce.service.schema")
@ConditionalOnClass({DefaultKafkaConsumerFactory.class, MeterRegistry.class})
@EnableConfigurationProperties(KafkaClientMetricsProperties.class)
public class KafkaClientMetricsAutoConfiguration {

    @Bean
    static RefreshingKafkaClientMetrics refreshingKafkaClientMetrics(ObjectProvider<MeterRegistry> meters,
                                                                     ObjectProvider<KafkaClientMetricsProperties> properties) {
        return new RefreshingKafkaClientMetrics(meters, properties);
    }
}
