package com.example.commerce.starter;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The configuration every service shares, derived from the one thing each service declares:
 * {@code commerce.service.schema}, the PostgreSQL schema it owns (and the role it logs in as).
 *
 * <p>Added with the lowest precedence, so a service's own {@code application.yml}, the command line and
 * the environment still win. The knobs an operator sets are {@code COMMERCE_DB_URL},
 * {@code COMMERCE_DB_PASSWORD} and {@code COMMERCE_KAFKA_BOOTSTRAP_SERVERS}.
 */
public class ServiceDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY_SOURCE_NAME = "commerceServiceDefaults";

    /** The scope whose tokens see the health's details (an operator's). */
    public static final String HEALTH_DETAILS_SCOPE = "ops:health";

    /** The latency boundaries of the HTTP histograms (server and client), shared with ops/prometheus's rules. */
    static final String HTTP_SLO_BUCKETS = "25ms,50ms,100ms,250ms,500ms,1s,2500ms,5s,10s";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (!environment.containsProperty("commerce.service.schema")) {
            return;
        }
        environment.getPropertySources().addLast(new MapPropertySource(PROPERTY_SOURCE_NAME,
                defaults(environment.matchesProfiles("docker"))));
    }

    static Map<String, Object> defaults(boolean docker) {
        Map<String, Object> defaults = new LinkedHashMap<>();
        // PostgreSQL: one database, one schema and one role per service, Flyway owns the schema.
        defaults.put("spring.datasource.url", "${commerce.db.url:jdbc:postgresql://localhost:5432/commerce}");
        defaults.put("spring.datasource.username", "${commerce.service.schema}");
        defaults.put("spring.datasource.password", "${commerce.db.password:${commerce.service.schema}}");
        defaults.put("spring.datasource.hikari.schema", "${commerce.service.schema}");
        defaults.put("spring.datasource.hikari.maximum-pool-size", "10");
        defaults.put("spring.flyway.schemas", "${commerce.service.schema}");
        defaults.put("spring.flyway.default-schema", "${commerce.service.schema}");
        defaults.put("spring.flyway.create-schemas", "false");
        // The starter's tables (outbox, inbox, dead letters) have their own Flyway history; each history
        // starts at version 0 in a schema that may already hold the other's tables.
        defaults.put("spring.flyway.baseline-on-migrate", "true");
        defaults.put("spring.flyway.baseline-version", "0");
        defaults.put("spring.jpa.hibernate.ddl-auto", "validate");
        defaults.put("spring.jpa.open-in-view", "false");
        defaults.put("spring.jpa.properties.hibernate.default_schema", "${commerce.service.schema}");
        defaults.put("spring.jpa.properties.hibernate.jdbc.time_zone", "UTC");
        // Web: virtual threads, RFC 9457 problem details, graceful shutdown.
        defaults.put("spring.threads.virtual.enabled", "true");
        defaults.put("spring.mvc.problemdetails.enabled", "true");
        defaults.put("server.shutdown", "graceful");
        // Form posts the container parses itself (sign-in) share the JSON bodies' bound (RequestBodyLimitFilter).
        defaults.put("server.tomcat.max-http-form-post-size", "${commerce.web.body-limit.max-size:1MB}");
        defaults.put("spring.lifecycle.timeout-per-shutdown-phase", "20s");
        // Kafka: the broker, an idempotent producer that waits for every replica, one group per service.
        defaults.put("spring.kafka.bootstrap-servers", "${commerce.kafka.bootstrap-servers:localhost:9092}");
        defaults.put("spring.kafka.client-id", "${spring.application.name}");
        defaults.put("spring.kafka.consumer.group-id", "${spring.application.name}");
        defaults.put("spring.kafka.consumer.auto-offset-reset", "earliest");
        // Listeners get raw bytes and the Inbox reads the contract, so a bad payload fails one record
        // (and is dead-lettered) instead of failing the poll.
        defaults.put("spring.kafka.consumer.key-deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
        defaults.put("spring.kafka.consumer.value-deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
        defaults.put("spring.kafka.consumer.isolation-level", "read_committed");
        defaults.put("spring.kafka.producer.acks", "all");
        defaults.put("spring.kafka.producer.properties.enable.idempotence", "true");
        // Actuator: health, info and Prometheus only (no discovery page, nothing over JMX); the health's details
        // (components: database, broker, disk) only for an operator's token with ops:health, the status for
        // anyone. Every metric tagged with the application's name.
        defaults.put("management.endpoints.web.exposure.include", "health,info,prometheus");
        defaults.put("management.endpoints.web.discovery.enabled", "false");
        defaults.put("management.endpoints.jmx.exposure.exclude", "*");
        defaults.put("management.endpoint.health.show-details", "when-authorized");
        defaults.put("management.endpoint.health.show-components", "when-authorized");
        defaults.put("management.endpoint.health.roles", "SCOPE_" + HEALTH_DETAILS_SCOPE);
        defaults.put("management.endpoint.health.probes.enabled", "true");
        defaults.put("management.info.java.enabled", "true");
        defaults.put("management.info.os.enabled", "true");
        defaults.put("management.info.env.enabled", "true");
        defaults.put("management.metrics.tags.application", "${spring.application.name}");
        // Latency histograms for the REST APIs and the calls to partners, with the buckets the dashboards and
        // the alert rules (ops/prometheus) compare against: a few fixed boundaries, not a bucket per percentile.
        defaults.put("management.metrics.distribution.slo.http.server.requests", HTTP_SLO_BUCKETS);
        defaults.put("management.metrics.distribution.slo.http.client.requests", HTTP_SLO_BUCKETS);
        defaults.put("info.service.name", "${spring.application.name}");
        defaults.put("info.service.schema", "${commerce.service.schema}");
        // Tracing: W3C traceparent in and out; every request traced (nothing is exported until an
        // OTLP endpoint is configured, so recording costs little). Log lines carry trace and span ids.
        defaults.put("management.tracing.sampling.probability", "1.0");
        defaults.put("management.tracing.propagation.type", "w3c");
        // No exemplars in the scrape: Prometheus's OpenMetrics parser (Debian's 2.42, what the tests run) refuses a
        // whole scrape that carries one on a summary's _count. The trace of a slow call is found from the logs.
        defaults.put("management.tracing.exemplars.include", "none");
        // OpenAPI document at /v3/api-docs, UI at /swagger-ui.html.
        defaults.put("springdoc.api-docs.path", "/v3/api-docs");
        // Kafka's clients log every configuration at INFO; their warnings and errors are what matter.
        defaults.put("logging.level.org.apache.kafka", "WARN");
        if (docker) {
            defaults.put("logging.structured.format.console", "ecs");
        }
        return defaults;
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
