package com.example.commerce.starter.deadletter;

import com.example.commerce.starter.ReliableProducerSettings;
import com.example.commerce.starter.inbox.EventRejectedException;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.listener.CommonErrorHandler;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.listener.adapter.RecordFilterStrategy;
import org.springframework.kafka.support.serializer.DeserializationException;
import org.springframework.util.backoff.ExponentialBackOff;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every consuming service gets for records that fail: an error handler that retries transient
 * failures with bounded exponential backoff on the same partition (order kept) and then dead-letters the
 * record ({@link DeadLetterRecorder}: {@code <topic>.DLT} and the {@code dead_letter} table); the
 * {@link DeadLetters} operations API to list and redrive them; and the {@link RedriveFilter} that keeps a
 * redriven record to the group it was meant for. The handler replaces spring-kafka's default, which logs
 * and drops after its retries.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"},
        beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnProperty("commerce.service.schema")
@EnableConfigurationProperties({DeadLetterProperties.class, KafkaRetryProperties.class})
public class DeadLetterAutoConfiguration {

    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    DeadLetterProducer deadLetterProducer(KafkaProperties kafkaProperties,
                                          @Value("${spring.application.name}") String application) {
        return new DeadLetterProducer(ReliableProducerSettings.of(kafkaProperties, application + "-dead-letters"));
    }

    @Bean
    DeadLetterStore deadLetterStore(JdbcTemplate jdbcTemplate, JsonMapper jsonMapper) {
        return new DeadLetterStore(jdbcTemplate, jsonMapper);
    }

    @Bean
    @ConditionalOnMissingBean(CommonErrorHandler.class)
    DefaultErrorHandler deadLetteringErrorHandler(DeadLetterProducer deadLetterProducer, DeadLetterStore deadLetterStore,
                                                  MeterRegistry meterRegistry, KafkaRetryProperties retry,
                                                  @Value("${spring.kafka.consumer.group-id:${spring.application.name}}") String group) {
        DeadLetterRecorder recorder = new DeadLetterRecorder(deadLetterProducer, deadLetterStore, meterRegistry, group);
        DefaultErrorHandler handler = new DefaultErrorHandler(recorder, backOff(retry));
        handler.addNotRetryableExceptions(EventRejectedException.class, DeserializationException.class);
        handler.setCommitRecovered(true);
        // A failure that is retried or dead-lettered loses nothing: a warning, not an error (the recorder
        // says which record went where and why).
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    @Bean
    @ConditionalOnMissingBean(RecordFilterStrategy.class)
    RedriveFilter redriveFilter(MeterRegistry meterRegistry) {
        return new RedriveFilter(meterRegistry);
    }

    @Bean
    DeadLetters deadLetters(DeadLetterStore deadLetterStore, DeadLetterProducer deadLetterProducer,
                            DeadLetterProperties properties, MeterRegistry meterRegistry) {
        return new DeadLetters(deadLetterStore, deadLetterProducer, properties, meterRegistry);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        @Bean
        DeadLettersController deadLettersController(DeadLetters deadLetters) {
            return new DeadLettersController(deadLetters);
        }
    }

    private static ExponentialBackOff backOff(KafkaRetryProperties retry) {
        ExponentialBackOff backOff = new ExponentialBackOff(retry.initialInterval().toMillis(), 2.0);
        backOff.setMaxInterval(retry.maxInterval().toMillis());
        backOff.setMaxAttempts(retry.maxAttempts() - 1);
        return backOff;
    }
}
