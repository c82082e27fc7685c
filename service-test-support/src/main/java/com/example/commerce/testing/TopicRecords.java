package com.example.commerce.testing;

import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/** What is on a topic of the shared test broker, read from its start: other tests' records are passed over. */
public final class TopicRecords {

    private TopicRecords() {
    }

    /** Waits for the first record on {@code topic} that is {@code wanted}. */
    public static ConsumerRecord<String, byte[]> awaitRecord(String topic,
                                                             Predicate<ConsumerRecord<String, byte[]>> wanted,
                                                             Duration patience) {
        AtomicReference<ConsumerRecord<String, byte[]>> found = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> reader = SharedInfrastructure.get().kafka().readerOf(topic)) {
            await("a wanted record on " + topic).atMost(patience).until(() -> {
                for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                    if (wanted.test(record)) {
                        found.compareAndSet(null, record);
                    }
                }
                return found.get() != null;
            });
        }
        return found.get();
    }

    /** Waits for the dead letter of event {@code eventId} on the dead-letter topic of {@code topic}. */
    public static ConsumerRecord<String, byte[]> awaitDeadLetterOf(String topic, UUID eventId, Duration patience) {
        return awaitRecord(Topics.deadLetterTopicOf(topic), record -> eventId.toString().equals(header(record, "ce_id")),
                patience);
    }

    /** The value of header {@code name} of {@code record} as UTF-8 text, or null when it has none. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
