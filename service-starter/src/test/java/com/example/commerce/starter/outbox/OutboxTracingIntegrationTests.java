package com.example.commerce.starter.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.starter.tracing.EventTracing;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.data.StatusData;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/** The relay's producer spans with a real tracer: every row handed over ends its span, whatever happens. */
@SpringBootTest(classes = OutboxTracingIntegrationTests.OutboxTracingTestApplication.class, properties = {
        "spring.application.name=outbox-tracing-test", "commerce.service.schema=payment",
        "commerce.outbox.enabled=false"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class OutboxTracingIntegrationTests {

    private static final AttributeKey<String> KEY = AttributeKey.stringKey("messaging.kafka.message.key");

    @Autowired
    private Outbox outbox;

    @Autowired
    private EventTracing tracing;

    @Autowired
    private InMemorySpanExporter spans;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private DataSourceProperties dataSourceProperties;

    @Test
    void aSendThatThrowsEndsItsSpanWithTheErrorAndTheRecordsHandedOverBeforeItEndTheirs() throws Exception {
        UUID key = UUID.randomUUID();
        List<String> ids = List.of(publish(key, 1), publish(key, 2), publish(UUID.randomUUID(), 1));
        String throwing = ids.get(1);
        try (KafkaProducer<String, byte[]> real = RelayTestKit.producer()) {
            Producer<String, byte[]> producer = RelayTestKit.intercepting(real, (record, send) -> {
                if (RelayTestKit.header(record, "ce_id").equals(throwing)) {
                    throw new SerializationException("the serializer threw in the test");
                }
                return send.get();
            });
            String instance = "tracing-" + UUID.randomUUID();
            OutboxRelay relay = new OutboxRelay(dataSource,
                    OutboxAutoConfiguration.relaySessions(dataSourceProperties, "payment", instance), producer,
                    RelayTestKit.quick(100), "/commerce/outbox-tracing-test", "payment.outbox", instance,
                    new SimpleMeterRegistry(), tracing, TopicDirectory.UNKNOWN);
            relay.start();
            try {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(publishSpansOf(ids))
                        .as("one ended producer span per row").hasSize(3));
            } finally {
                relay.stop();
            }
        }
        List<SpanData> ended = publishSpansOf(ids);
        assertThat(ended).filteredOn(span -> span.getStatus().getStatusCode() == StatusData.error().getStatusCode())
                .singleElement().satisfies(span -> assertThat(span.getEvents())
                        .anySatisfy(event -> assertThat(event.getName()).isEqualTo("exception")));
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT park_reason FROM outbox_event WHERE event_id = ?::uuid", String.class,
                throwing)).contains("the serializer threw in the test");
    }

    /** The ended publish spans of the given events' keys (the relay tags each with its record key). */
    private List<SpanData> publishSpansOf(List<String> eventIds) {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        List<String> keys = jdbc.queryForList("SELECT DISTINCT aggregate_id FROM outbox_event WHERE event_id::text = ANY(?)",
                String.class, (Object) eventIds.toArray(String[]::new));
        return spans.getFinishedSpanItems().stream()
                .filter(span -> span.getName().endsWith(" publish") && keys.contains(span.getAttributes().get(KEY)))
                .toList();
    }

    private String publish(UUID key, int sequence) {
        return transactions.execute(status -> outbox.publish(RelayTestKit.updated(key, sequence))).toString();
    }

    @SpringBootApplication
    static class OutboxTracingTestApplication {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }
    }
}
