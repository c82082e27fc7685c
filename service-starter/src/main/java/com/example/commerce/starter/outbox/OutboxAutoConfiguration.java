package com.example.commerce.starter.outbox;

import com.example.commerce.starter.CommerceServiceProperties;
import com.example.commerce.starter.ReliableProducerSettings;
import com.example.commerce.starter.StarterSchemaMigration;
import com.example.commerce.starter.tracing.EventTracing;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import java.util.function.Supplier;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.flyway.autoconfigure.FlywayMigrationStrategy;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.util.function.SingletonSupplier;
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
    Outbox outbox(JdbcTemplate jdbcTemplate, JsonMapper jsonMapper, EventTracing eventTracing,
                  ObjectProvider<OutboxRelay> relay) {
        // The relay of this instance is woken by each commit that recorded events (when it leads; a standby's
        // leader elsewhere finds them at its next look, within poll-interval).
        Supplier<OutboxRelay> found = SingletonSupplier.ofNullable(relay::getIfAvailable);
        return new Outbox(jdbcTemplate, jsonMapper, eventTracing, () -> {
            OutboxRelay running = found.get();
            if (running != null) {
                running.wake();
            }
        });
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

    @Bean(destroyMethod = "close")
    @ConditionalOnProperty(name = "commerce.outbox.enabled", matchIfMissing = true)
    TopicDirectory outboxTopicDirectory(KafkaProperties kafkaProperties) {
        return TopicDirectory.ofAdmin(kafkaProperties.buildAdminProperties(), Duration.ofSeconds(5));
    }

    @Bean
    @ConditionalOnProperty(name = "commerce.outbox.enabled", matchIfMissing = true)
    OutboxRelay outboxRelay(DataSource dataSource, DataSourceProperties dataSourceProperties,
                            Producer<String, byte[]> outboxProducer, OutboxProperties properties,
                            CommerceServiceProperties service, @Value("${spring.application.name}") String application,
                            MeterRegistry meterRegistry, EventTracing eventTracing, TopicDirectory outboxTopicDirectory) {
        String instanceId = instanceId(application);
        return new OutboxRelay(dataSource, relaySessions(dataSourceProperties, service.schema(), instanceId),
                outboxProducer, properties, "/commerce/" + application, service.schema() + ".outbox", instanceId,
                meterRegistry, eventTracing, outboxTopicDirectory);
    }

    @Bean
    @ConditionalOnBean(JdbcTemplate.class)
    ParkedEvents parkedEvents(JdbcTemplate jdbcTemplate) {
        return new ParkedEvents(jdbcTemplate);
    }

    @Configuration(proxyBeanMethods = false)
    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    static class WebConfiguration {

        // No @ConditionalOnBean here: a nested configuration is read before the beans of the class around it.
        @Bean
        ParkedEventsController parkedEventsController(ParkedEvents parkedEvents) {
            return new ParkedEventsController(parkedEvents);
        }
    }

    /** This relay among the service's instances: its name, host and process id. */
    static String instanceId(String application) {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return application + "@" + host + ":" + ProcessHandle.current().pid();
    }

    /**
     * Where the relay takes its own sessions: a new physical connection each time, never a pooled one, so
     * that closing it ends the session and with it the relay lock. Named for the relay in
     * {@code pg_stat_activity}.
     */
    static DataSource relaySessions(DataSourceProperties properties, String schema, String instanceId) {
        PGSimpleDataSource sessions = new PGSimpleDataSource();
        sessions.setURL(properties.determineUrl());
        sessions.setUser(properties.determineUsername());
        sessions.setPassword(properties.determinePassword());
        sessions.setCurrentSchema(schema);
        String name = "outbox-relay " + instanceId;
        sessions.setApplicationName(name.length() > 63 ? name.substring(0, 63) : name);
        return sessions;
    }
}
