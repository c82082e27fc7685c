package com.example.commerce.starter.work;

import com.example.commerce.starter.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reliable outbound work for every service: the {@link WorkQueue} to enqueue in a business transaction, the
 * fenced {@link WorkLeases} on {@code work_item} (created by the starter's migration in the service's schema),
 * and, when the service declares at least one {@link WorkHandler} bean, the {@link WorkWorkers} that run them.
 */
@AutoConfiguration(afterName = {
        "com.example.commerce.starter.CommerceServiceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration"})
@ConditionalOnProperty("commerce.service.schema")
@EnableConfigurationProperties(WorkProperties.class)
public class WorkAutoConfiguration {

    @Bean
    @ConditionalOnBean({JdbcTemplate.class, Clock.class})
    WorkLeases workLeases(JdbcTemplate jdbcTemplate, Clock clock) {
        return new WorkLeases(jdbcTemplate, clock);
    }

    @Bean
    @ConditionalOnBean({JdbcTemplate.class, JsonMapper.class, Clock.class})
    WorkQueue workQueue(JdbcTemplate jdbcTemplate, JsonMapper jsonMapper, Clock clock, WorkProperties properties,
                        ObjectProvider<WorkWorkers> workers, ObjectProvider<EventTracing> tracing) {
        return new WorkQueue(jdbcTemplate, jsonMapper, clock, properties.maxAttempts(),
                () -> workers.ifAvailable(WorkWorkers::wake), tracing.getIfAvailable(() -> EventTracing.NONE));
    }

    @Bean
    @ConditionalOnBean({WorkHandler.class, WorkLeases.class})
    @ConditionalOnProperty(name = "commerce.work.enabled", matchIfMissing = true)
    WorkWorkers workWorkers(WorkLeases workLeases, List<WorkHandler> handlers, WorkProperties properties, Clock clock,
                            MeterRegistry meterRegistry, ObjectProvider<EventTracing> tracing) {
        return new WorkWorkers("work-workers", workLeases, handlers, properties, clock, meterRegistry,
                tracing.getIfAvailable(() -> EventTracing.NONE));
    }
}
