package com.example.commerce.starter.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.events.customer.CustomerErased;
import com.example.commerce.events.customer.CustomerUpdated;
import com.example.commerce.starter.inbox.Inbox;
import com.example.commerce.starter.outbox.Outbox;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.SharedInfrastructure;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.data.SpanData;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.json.JsonMapper;

/**
 * A trace crosses a hop of the choreography: an event arrives with a W3C traceparent, the listener's
 * work is a child span of it, and the event that work publishes through the outbox carries the same
 * trace on to whoever consumes it next.
 */
@SpringBootTest(classes = EventTracingIntegrationTests.TracingTestApplication.class, properties = {
        "spring.application.name=tracing-test", "commerce.service.schema=customer",
        "commerce.outbox.poll-interval=50ms"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class EventTracingIntegrationTests {

    static final String CONSUMER = "trace-probe";

    @Autowired
    private InMemorySpanExporter spans;

    @Autowired
    private JsonMapper json;

    @Test
    void theTraceOfAnIncomingEventContinuesThroughTheWorkItCausesToTheNextEvent() throws Exception {
        String traceId = UUID.randomUUID().toString().replace("-", "");
        String upstreamSpan = "b7ad6b7169203331";
        UUID customerId = UUID.randomUUID();
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.CUSTOMER_EVENTS, customerId.toString(),
                json.writeValueAsBytes(new CustomerErased(customerId, Instant.now())));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", Uuids.v7().toString());
        header(record, "ce_type", "customer.CustomerErased.v1");
        header(record, "ce_source", "/tests");
        header(record, "traceparent", "00-" + traceId + "-" + upstreamSpan + "-01");
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(record).get();
        }

        ConsumerRecord<String, byte[]> caused = awaitCustomerUpdated(customerId);
        String traceparent = new String(caused.headers().lastHeader("traceparent").value(), StandardCharsets.UTF_8);
        assertThat(traceparent).startsWith("00-" + traceId + "-");

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(spans.getFinishedSpanItems())
                .filteredOn(span -> span.getTraceId().equals(traceId))
                .extracting(SpanData::getName, SpanData::getParentSpanId)
                .contains(org.assertj.core.groups.Tuple.tuple(Topics.CUSTOMER_EVENTS + " process", upstreamSpan)));
    }

    private ConsumerRecord<String, byte[]> awaitCustomerUpdated(UUID customerId) {
        List<ConsumerRecord<String, byte[]>> found = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = SharedInfrastructure.get().kafka().readerOf(Topics.CUSTOMER_EVENTS)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                for (ConsumerRecord<String, byte[]> each : reader.poll(Duration.ofMillis(200))) {
                    var type = each.headers().lastHeader("ce_type");
                    if (customerId.toString().equals(each.key()) && type != null
                            && "customer.CustomerUpdated.v1".equals(new String(type.value(), StandardCharsets.UTF_8))) {
                        found.add(each);
                    }
                }
                return !found.isEmpty();
            });
        }
        return found.getFirst();
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @SpringBootApplication
    static class TracingTestApplication {

        @Bean
        InMemorySpanExporter inMemorySpanExporter() {
            return InMemorySpanExporter.create();
        }

        @Bean
        ErasureListener erasureListener(Inbox inbox, Outbox outbox) {
            return new ErasureListener(inbox, outbox);
        }
    }

    /** Answers an erasure with an update of the customer, published through the outbox. */
    static class ErasureListener {

        private final Inbox inbox;
        private final Outbox outbox;

        ErasureListener(Inbox inbox, Outbox outbox) {
            this.inbox = inbox;
            this.outbox = outbox;
        }

        @KafkaListener(topics = Topics.CUSTOMER_EVENTS, groupId = CONSUMER, batch = "true")
        void on(List<ConsumerRecord<String, byte[]>> records) {
            inbox.receiveAll(CONSUMER, records, event -> {
                if (event.payload() instanceof CustomerErased erased) {
                    outbox.publish(new CustomerUpdated(erased.customerId(), "erased@example.invalid", "erased",
                            Instant.now()));
                }
            });
        }
    }
}
