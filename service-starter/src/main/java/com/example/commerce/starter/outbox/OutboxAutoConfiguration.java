package com.example.commerce.starter.outbox;

import com.example.commerce.starter.CommerceServiceProperties;
import com.example.commerce.starter.ReliableProducerSettings;
import com.example.commerce.starter.StarterSchemaMigration;
import com.example.commerce.starter.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The transactional outbox every producing service gets: {@link Outbox} to record events in the business
 * transaction, {@link OutboxRelay} to publish them, and the starter's own migration of the outbox table.
 */
@AutoConfiguration(afterName = {
        "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
        "org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration",
        "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
        "org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration",
        "org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.autoconfigure.MicrometerTracingAutoConfiguration",
        "org.springframework.boot.micrometer.tracing.opentelemetry.autoconfigure.OpenTelemetryTracingAutoConfiguration"},
        beforeName = "org.springframework.boot.flyway.autoconfigure.FlywayAutoConfiguration")
@ConditionalOnProperty("commerce.service.schema")
@EnableConfigurationProperties({OutboxProperties.class, CommerceServiceProperties.class})
public class OutboxAutoConfiguration {

    @Bean
    @ConditionalOnMissingBean(FlywayMigrationStrategy.class)
    StarterSchemaMigration starterSchemaMigration() {
        return new StarterSchemaMigration();
    }

    @Bean
    @ConditionalOnMissingBean
    EventTracing eventTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        Tracer available = tracer.getIfAvailable();
        Propagator propagation = propagator.getIfAvailable();
        return available == null || propagation == null || available == Tracer.NOOP
                ? EventTracing.NONE : new EventTracing(available, propagation);
    }

    @Bean
    @ConditionalOnBean({JdbcTemplate.class, JsonMapper.class})
    Outbox outbox(JdbcTemplate jdbcTemplate, JsonMapper jsonMapper, EventTracing eventTracing) {
        return new Outbox(jdbcTemplate, jsonMapper, eventTracing);
    }

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "commerce.outbox.enabled", matchIfMissing = true)
    Producer<String, byte[]> outboxProducer(KafkaProperties kafkaProperties, @Value("${spring.application.name}") String application) {
        Map<String, Object> config = ReliableProducerSettings.of(kafkaProperties, application + "-outbox");
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        // Batches of a relay round trip: in-flight 5 keeps per-partition order with idempotence.
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(config);
    }

    @Bean
    @ConditionalOnProperty(name = "commerce.outbox.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, Producer<String, byte[]> outboxProducer, OutboxProperties properties,
                            CommerceServiceProperties service, @Value("${spring.application.name}") String application,
                            MeterRegistry meterRegistry, EventTracing eventTracing) {
        return new OutboxRelay(dataSource, outboxProducer, properties, "/commerce/" + application,
                service.schema() + ".outbox", meterRegistry, eventTracing);
    }
}
