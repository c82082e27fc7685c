package com.example.commerce.testing;

import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.header.Header;

/** The dead letters on the shared test broker, found by the CloudEvents id of the record that failed. */
public final class DeadLetters {

    private DeadLetters() {
    }

    /**
     * Waits for the dead letter of event {@code eventId} on the dead-letter topic of {@code topic}, read
     * from its start (other tests' dead letters are passed over).
     */
    public static ConsumerRecord<String, byte[]> awaitDeadLetterOf(String topic, UUID eventId, Duration patience) {
        AtomicReference<ConsumerRecord<String, byte[]>> found = new AtomicReference<>();
        try (KafkaConsumer<String, byte[]> reader = SharedInfrastructure.get().kafka()
                .readerOf(Topics.deadLetterTopicOf(topic))) {
            await("dead letter of " + eventId + " on " + Topics.deadLetterTopicOf(topic)).atMost(patience)
                    .until(() -> {
                        for (ConsumerRecord<String, byte[]> record : reader.poll(Duration.ofMillis(200))) {
                            if (eventId.toString().equals(header(record, "ce_id"))) {
                                found.compareAndSet(null, record);
                            }
                        }
                        return found.get() != null;
                    });
        }
        return found.get();
    }

    /** The value of header {@code name} of {@code record} as UTF-8 text, or null when it has none. */
    public static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
