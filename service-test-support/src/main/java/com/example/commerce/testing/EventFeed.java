package com.example.commerce.testing;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
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
            // Idempotent: records sent without waiting still land on their partition in the order sent.
            ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
            ProducerConfig.ACKS_CONFIG, "all",
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
        await(producer.send(record(eventId, event)));
    }

    /**
     * Sends every delivery in list order, each under its event's id, and returns once the broker has
     * taken them all. Records of one key land on one partition in list order.
     */
    public void publishAll(List<? extends Redeliveries.Delivery<? extends IntegrationEvent>> deliveries) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(deliveries.size());
        for (Redeliveries.Delivery<? extends IntegrationEvent> delivery : deliveries) {
            sent.add(producer.send(record(delivery.eventId(), delivery.event())));
        }
        sent.forEach(EventFeed::await);
    }

    /**
     * Sends {@code payload} as it is, under well-formed CloudEvents headers of {@code type} and a new id,
     * on that type's topic with key {@code key}: how a producer that breaks the contract would send it.
     *
     * @return the new event id
     */
    public UUID publishRaw(String key, String type, byte[] payload) {
        UUID eventId = UUID.randomUUID();
        await(producer.send(record(eventId, type, key, payload)));
        return eventId;
    }

    private ProducerRecord<String, byte[]> record(UUID eventId, IntegrationEvent event) {
        return record(eventId, EventTypes.typeOf(event.getClass()), event.aggregateId(), json.writeValueAsBytes(event));
    }

    private static ProducerRecord<String, byte[]> record(UUID eventId, String type, String key, byte[] payload) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventTypes.topicOf(type), key, payload);
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", eventId.toString());
        header(record, "ce_type", type);
        header(record, "ce_source", "/tests/event-feed");
        return record;
    }

    private static void await(Future<RecordMetadata> sent) {
        try {
            sent.get();
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
