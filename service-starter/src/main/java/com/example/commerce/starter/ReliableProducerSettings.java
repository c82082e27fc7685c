package com.example.commerce.starter;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;

/**
 * The producer settings of every path by which the starter puts a record on the broker for good (the
 * outbox relay, dead letters and their redrives): idempotent, acknowledged by every in-sync replica, and
 * bounded, so that a broker that is away fails a send within seconds instead of holding it for minutes;
 * the caller then keeps the record and tries again.
 */
public final class ReliableProducerSettings {

    private ReliableProducerSettings() {
    }

    /** Spring Boot's producer properties with the reliable settings on top, under {@code clientId}. */
    public static Map<String, Object> of(KafkaProperties kafkaProperties, String clientId) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        return config;
    }
}
