package com.example.commerce.starter.inbox;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import io.micrometer.observation.transport.ReceiverContext;
import java.lang.reflect.RecordComponent;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.MDC;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Processes each event once per consumer. The inbox row {@code (consumer, ce_id)} and the effect are
 * written in one transaction; a redelivered event finds its row, changes nothing and is counted as a
 * duplicate.
 *
 * <p>Two ways in. {@link #receive} takes one record per transaction. {@link #receiveAll} takes a whole
 * poll in one transaction (inbox rows inserted in one statement, effects run in record order), which is
 * what carries a listener past a thousand events a second; when a record of the batch fails it falls
 * back to one transaction per record, so the records before it commit, and it tells the container's
 * error handler exactly which record failed ({@link BatchListenerFailedException}): that record alone is
 * retried or dead-lettered, and the ones after it follow in order.
 *
 * <p>Records that can never succeed throw {@link EventRejectedException} (dead-lettered at once); any
 * other failure rolls the transaction back and is retried by the container's error handler.
 *
 * <p>Each event's effect runs in an observation ({@code commerce.inbox.receive}) that continues the
 * trace of the record's W3C {@code traceparent}: events the effect publishes carry the same trace on.
 */
public class Inbox {

    /** The logging context keys set while an event's effect runs. */
    public static final String MDC_EVENT_ID = "event.id";
    public static final String MDC_EVENT_TYPE = "event.type";
    public static final String MDC_ORDER_ID = "order.id";

    private static final String INSERT_ONE = """
            INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
            VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING""";
    private static final String INSERT_MANY = """
            INSERT INTO inbox_message (consumer, event_id, event_type, topic, kafka_partition, kafka_offset)
            SELECT ?, * FROM unnest(?::uuid[], ?::varchar[], ?::varchar[], ?::integer[], ?::bigint[])
            ON CONFLICT DO NOTHING RETURNING event_id""";

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final JsonMapper json;
    private final MeterRegistry meters;
    private final ObservationRegistry observations;

    public Inbox(JdbcTemplate jdbc, TransactionTemplate transactions, JsonMapper json, MeterRegistry meters,
                 ObservationRegistry observations) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.json = json;
        this.meters = meters;
        this.observations = observations;
    }

    /**
     * Runs {@code effect} for {@code record} unless {@code consumer} has processed the same event before.
     *
     * @return whether the effect ran (false for a duplicate)
     */
    public boolean receive(String consumer, ConsumerRecord<String, byte[]> record, Consumer<ReceivedEvent> effect) {
        ReceivedEvent event = read(record);
        Boolean processed = transactions.execute(status -> {
            int inserted = jdbc.update(INSERT_ONE, consumer, event.eventId(), event.type(), event.topic(),
                    event.partition(), event.offset());
            if (inserted == 0) {
                return false;
            }
            observe(consumer, record, event, effect);
            return true;
        });
        boolean ran = Boolean.TRUE.equals(processed);
        count(consumer, record.topic(), ran ? 1 : 0, ran ? 0 : 1);
        return ran;
    }

    /**
     * Runs {@code effect} for every record of a poll that {@code consumer} has not processed before, in
     * record order, in one transaction. Call it from a batch listener and let what it throws reach the
     * container.
     *
     * @return how many effects ran (the rest were duplicates)
     * @throws BatchListenerFailedException naming the first record that failed; those before it are done
     */
    public int receiveAll(String consumer, List<ConsumerRecord<String, byte[]>> records,
                          Consumer<ReceivedEvent> effect) {
        List<ReceivedEvent> events = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                events.add(read(records.get(i)));
            } catch (EventRejectedException rejected) {
                receiveAllReadable(consumer, records.subList(0, i), events, effect);
                throw new BatchListenerFailedException(rejected.getMessage(), rejected, records.get(i));
            }
        }
        return receiveAllReadable(consumer, records, events, effect);
    }

    private int receiveAllReadable(String consumer, List<ConsumerRecord<String, byte[]>> records,
                                   List<ReceivedEvent> events, Consumer<ReceivedEvent> effect) {
        if (records.isEmpty()) {
            return 0;
        }
        boolean[] ran = new boolean[records.size()];
        try {
            transactions.executeWithoutResult(status -> {
                Set<UUID> fresh = insertAll(consumer, events);
                for (int i = 0; i < records.size(); i++) {
                    // The first copy of an event in the poll is the one that runs; later copies are duplicates.
                    ran[i] = fresh.remove(events.get(i).eventId());
                    if (ran[i]) {
                        observe(consumer, records.get(i), events.get(i), effect);
                    }
                }
            });
        } catch (RuntimeException batchFailed) {
            return receiveOneByOne(consumer, records, effect);
        }
        int effects = 0;
        for (int i = 0; i < records.size(); i++) {
            count(consumer, records.get(i).topic(), ran[i] ? 1 : 0, ran[i] ? 0 : 1);
            effects += ran[i] ? 1 : 0;
        }
        return effects;
    }

    /** After a failed batch: a transaction per record, so the failing one can be named and the rest kept. */
    private int receiveOneByOne(String consumer, List<ConsumerRecord<String, byte[]>> records,
                                Consumer<ReceivedEvent> effect) {
        int effects = 0;
        for (ConsumerRecord<String, byte[]> record : records) {
            try {
                if (receive(consumer, record, effect)) {
                    effects++;
                }
            } catch (RuntimeException failure) {
                throw new BatchListenerFailedException(String.valueOf(failure.getMessage()), failure, record);
            }
        }
        return effects;
    }

    private Set<UUID> insertAll(String consumer, List<ReceivedEvent> events) {
        int size = events.size();
        Object[] ids = new Object[size];
        Object[] types = new Object[size];
        Object[] topics = new Object[size];
        Object[] partitions = new Object[size];
        Object[] offsets = new Object[size];
        for (int i = 0; i < size; i++) {
            ReceivedEvent event = events.get(i);
            ids[i] = event.eventId();
            types[i] = event.type();
            topics[i] = event.topic();
            partitions[i] = event.partition();
            offsets[i] = event.offset();
        }
        return jdbc.execute((Connection connection) -> {
            Array idArray = connection.createArrayOf("uuid", ids);
            Array typeArray = connection.createArrayOf("varchar", types);
            Array topicArray = connection.createArrayOf("varchar", topics);
            Array partitionArray = connection.createArrayOf("integer", partitions);
            Array offsetArray = connection.createArrayOf("bigint", offsets);
            try (PreparedStatement insert = connection.prepareStatement(INSERT_MANY)) {
                insert.setString(1, consumer);
                insert.setArray(2, idArray);
                insert.setArray(3, typeArray);
                insert.setArray(4, topicArray);
                insert.setArray(5, partitionArray);
                insert.setArray(6, offsetArray);
                Set<UUID> inserted = new HashSet<>(size * 2);
                try (ResultSet result = insert.executeQuery()) {
                    while (result.next()) {
                        inserted.add(result.getObject(1, UUID.class));
                    }
                }
                return inserted;
            } finally {
                for (Array array : List.of(idArray, typeArray, topicArray, partitionArray, offsetArray)) {
                    array.free();
                }
            }
        });
    }

    private void observe(String consumer, ConsumerRecord<String, byte[]> record, ReceivedEvent event,
                         Consumer<ReceivedEvent> effect) {
        ReceiverContext<ConsumerRecord<String, byte[]>> context =
                new ReceiverContext<>((carrier, key) -> header(carrier, key));
        context.setCarrier(record);
        context.setRemoteServiceName("kafka");
        Observation.createNotStarted("commerce.inbox.receive", () -> context, observations)
                .contextualName(record.topic() + " process")
                .lowCardinalityKeyValue("consumer", consumer)
                .lowCardinalityKeyValue("messaging.destination.name", record.topic())
                .lowCardinalityKeyValue("cloudevents.event_type", event.type())
                .highCardinalityKeyValue("cloudevents.event_id", event.eventId().toString())
                .observe(() -> {
                    // What the effect logs names the event and, where there is one, its order (JSON logs carry both).
                    String orderId = orderIdOf(event.payload());
                    MDC.put(MDC_EVENT_ID, event.eventId().toString());
                    MDC.put(MDC_EVENT_TYPE, event.type());
                    if (orderId != null) {
                        MDC.put(MDC_ORDER_ID, orderId);
                    }
                    try {
                        effect.accept(event);
                    } finally {
                        MDC.remove(MDC_EVENT_ID);
                        MDC.remove(MDC_EVENT_TYPE);
                        MDC.remove(MDC_ORDER_ID);
                    }
                });
    }

    private static final ClassValue<RecordComponent> ORDER_ID = new ClassValue<>() {
        @Override
        protected RecordComponent computeValue(Class<?> type) {
            if (!type.isRecord()) {
                return null;
            }
            for (RecordComponent component : type.getRecordComponents()) {
                if (component.getName().equals("orderId")) {
                    return component;
                }
            }
            return null;
        }
    };

    /** The {@code orderId} of an event that has one (every saga event does), or null. */
    static String orderIdOf(IntegrationEvent event) {
        if (event == null) {
            return null;
        }
        RecordComponent component = ORDER_ID.get(event.getClass());
        if (component == null) {
            return null;
        }
        try {
            Object value = component.getAccessor().invoke(event);
            return value == null ? null : value.toString();
        } catch (ReflectiveOperationException e) {
            return null;
        }
    }

    private void count(String consumer, String topic, int processed, int duplicates) {
        if (processed > 0) {
            Counter.builder("commerce.inbox.processed").description("Events processed once")
                    .tag("consumer", consumer).tag("topic", topic).register(meters).increment(processed);
        }
        if (duplicates > 0) {
            Counter.builder("commerce.inbox.duplicates").description("Redelivered events skipped")
                    .tag("consumer", consumer).tag("topic", topic).register(meters).increment(duplicates);
        }
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
