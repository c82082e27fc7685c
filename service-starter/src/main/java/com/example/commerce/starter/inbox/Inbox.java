package com.example.commerce.starter.inbox;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes each event once per consumer. {@link #receive} reads the CloudEvents envelope, turns the
 * payload into its contract record, and in one transaction records {@code (consumer, ce_id)} and runs the
 * effect; a redelivered event finds its row, changes nothing and is counted as a duplicate.
 *
 * <p>Records that can never succeed throw {@link EventRejectedException} (dead-lettered at once); any
 * other failure rolls the transaction back and is retried by the container's error handler.
 */
public class Inbox {

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;

    public Inbox(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
    }

    /**
     * Runs {@code effect} for {@code record} unless {@code consumer} has processed the same event before.
     *
     * @return whether the effect ran (false for a duplicate)
     */
    public boolean receive(String consumer, ConsumerRecord<String, byte[]> record, Consumer<ReceivedEvent> effect) {
        ReceivedEvent event = read(record);
        Boolean processed = transactions.execute(status -> {
            int inserted = jdbc.update("""
                    INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
                    VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""",
                    consumer, event.eventId(), event.type(), event.topic(), event.partition(), event.offset());
            if (inserted == 0) {
                return false;
            }
            effect.accept(event);
            return true;
        });
        boolean ran = Boolean.TRUE.equals(processed);
        Counter.builder(ran ? "commerce.inbox.processed" : "commerce.inbox.duplicates")
                .description(ran ? "Events processed once" : "Redelivered events skipped")
                .tag("consumer", consumer).tag("topic", record.topic())
                .register(meters).increment();
        return ran;
    }

    /** The envelope and payload of a record, or {@link EventRejectedException} saying why not. */
    public ReceivedEvent read(ConsumerRecord<String, byte[]> record) {
        String id = header(record, "ce_id");
        String type = header(record, "ce_type");
        if (id == null || type == null) {
            throw new EventRejectedException("missing CloudEvents header ce_id or ce_type");
        }
        UUID eventId;
        try {
            eventId = UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new EventRejectedException("ce_id is not a UUID: " + id, e);
        }
        Class<? extends IntegrationEvent> contract = EventTypes.classOf(type)
                .orElseThrow(() -> new EventRejectedException("unknown event type " + type));
        if (record.value() == null) {
            throw new EventRejectedException("no payload for " + type);
        }
        IntegrationEvent payload;
        try {
            payload = json.readValue(record.value(), contract);
        } catch (JacksonException | IllegalArgumentException | NullPointerException e) {
            throw new EventRejectedException("payload is not a valid " + type + ": " + rootMessage(e), e);
        }
        return new ReceivedEvent(eventId, type, record.topic(), record.partition(), record.offset(), payload,
                header(record, "traceparent"));
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
