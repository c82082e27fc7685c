package com.example.commerce.starter.deadletter;

import com.example.commerce.events.Topics;
import com.example.commerce.starter.inbox.EventRejectedException;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * What every consuming service gets for records that fail: an error handler that retries transient
 * failures with bounded exponential backoff on the same partition (order kept) and sends whatever cannot
 * succeed to {@code <topic>.DLT} with the original headers and the reason. It replaces spring-kafka's
 * default, which logs and drops after its retries.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnProperty("commerce.service.schema")
public class DeadLetterAutoConfiguration {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterAutoConfiguration.class);

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler deadLetteringErrorHandler(KafkaProperties kafkaProperties, MeterRegistry meterRegistry,
                                                  @Value("${spring.application.name}") String application,
                                                  @Value("${commerce.kafka.retry.max-attempts:6}") int maxAttempts,
                                                  @Value("${commerce.kafka.retry.initial-interval:200ms}") Duration initial,
                                                  @Value("${commerce.kafka.retry.max-interval:5s}") Duration max) {
        Map<String, Object> config = new HashMap<>(kafkaProperties.buildProducerProperties());
        config.put(ProducerConfig.CLIENT_ID_CONFIG, application + "-dead-letters");
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        KafkaTemplate<String, byte[]> template = new KafkaTemplate<>(
                new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new ByteArraySerializer()));
        DeadLetterPublishingRecoverer publisher = new DeadLetterPublishingRecoverer(template,
                (record, failure) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, record.partition()));
        DefaultErrorHandler handler = new DefaultErrorHandler((record, failure) -> {
            log.warn("Dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(),
                    failure.getMessage());
            publisher.accept(record, failure);
            Counter.builder("commerce.kafka.dead.letters")
                    .description("Records sent to a dead-letter topic")
                    .tag("topic", record.topic())
                    .register(meterRegistry).increment();
        }, backOff(maxAttempts, initial, max));
        handler.addNotRetryableExceptions(EventRejectedException.class, DeserializationException.class);
        handler.setCommitRecovered(true);
        return handler;
    }

    private static ExponentialBackOff backOff(int maxAttempts, Duration initial, Duration max) {
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backOff.setMaxInterval(max.toMillis());
        backOff.setMaxAttempts(Math.max(0, maxAttempts - 1));
        return backOff;
    }
}
