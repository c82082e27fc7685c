package com.example.commerce.testing;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import tools.jackson.databind.json.JsonMapper;

/**
 * Publishes events to the shared test broker as a producing service's outbox would: on the event's topic,
 * keyed by its aggregate id, with CloudEvents headers. Lets a consumer's tests feed it real records.
 */
public final class EventFeed implements AutoCloseable {

    private final JsonMapper json = JsonMapper.builder().build();
    private final KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().bootstrapServers(),
            ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
            ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));

    /** Sends {@code event} under a new id and returns that id. */
    public UUID publish(IntegrationEvent event) {
        UUID eventId = UUID.randomUUID();
        publish(eventId, event);
        return eventId;
    }

    /** Sends {@code event} under {@code eventId}, as a redelivery would. */
    public void publish(UUID eventId, IntegrationEvent event) {
        String type = EventTypes.typeOf(event.getClass());
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventTypes.topicOf(type), event.aggregateId(),
                json.writeValueAsBytes(event));
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId.toString());
        header(record, "ce_type", type);
        header(record, "ce_source", "/tests/event-feed");
        try {
            producer.send(record).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        } catch (ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    private static void header(ProducerRecord<String, byte[]> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close();
    }
}
