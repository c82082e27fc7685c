package com.example.commerce.starter.kafkametrics;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How soon the Kafka clients' new metrics show on the Prometheus endpoint.
 *
 * @param refreshInterval how often each client's metrics are looked over for new ones. A consumer's lag
 *                        per partition ({@code kafka_consumer_fetch_manager_records_lag}) exists only
 *                        once the partition is assigned and fetched; Micrometer's own default of a
 *                        minute would leave it out of the first minute after every start or rebalance.
 */
@ConfigurationProperties("commerce.kafka.metrics")
public record KafkaClientMetricsProperties(@DefaultValue("5s") Duration refreshInterval) {

    public KafkaClientMetricsProperties {
        if (refreshInterval.compareTo(Duration.ofSeconds(1)) < 0 || refreshInterval.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(
                    "commerce.kafka.metrics.refresh-interval must be 1s..5m, not " + refreshInterval);
        }
    }
}
