package com.example.commerce.starter.inbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.ObservationRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every consuming service gets: the idempotent {@link Inbox} and the {@link InboxCleanup} of its
 * old rows. What happens to a record that fails
 * (retries, then the dead-letter topic and table) is
 * {@link com.example.commerce.starter.deadletter.DeadLetterAutoConfiguration}'s.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration"},
        beforeName = "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration")
@ConditionalOnProperty("commerce.service.schema")
@EnableConfigurationProperties(InboxProperties.class)
public class InboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean
    Inbox inbox(JdbcTemplate jdbcTemplate, TransactionTemplate transactionTemplate, JsonMapper jsonMapper,
                MeterRegistry meterRegistry, ObjectProvider<ObservationRegistry> observationRegistry) {
        return new Inbox(jdbcTemplate, transactionTemplate, jsonMapper, meterRegistry,
                observationRegistry.getIfAvailable(() -> ObservationRegistry.NOOP));
    }

    @Bean
    @ConditionalOnMissingBean
    InboxCleanup inboxCleanup(JdbcTemplate jdbcTemplate, InboxProperties properties, MeterRegistry meterRegistry) {
        return new InboxCleanup(jdbcTemplate, properties, meterRegistry);
    }
}
