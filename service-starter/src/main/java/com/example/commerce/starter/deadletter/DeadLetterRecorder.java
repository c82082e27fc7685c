package com.example.commerce.starter.deadletter;

import com.example.commerce.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.ConsumerRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.ListenerExecutionFailedException;
import org.springframework.kafka.support.KafkaUtils;

/**
 * What happens to a record a consumer gives up on: it goes to {@code <topic>.DLT} (same partition, its
 * headers plus spring-kafka's {@code kafka_dlt-*} reason headers) and, once the broker acknowledged that,
 * into this service's {@code dead_letter} table, where operations can see and redrive it.
 *
 * <p>Either step failing throws: the container's error handler then keeps the record and tries it again
 * rather than committing past it. A record is never dropped; at worst it reaches the DLT twice.
 */
public class DeadLetterRecorder implements ConsumerRecordRecoverer {

    private static final Logger log = LoggerFactory.getLogger(DeadLetterRecorder.class);

    private final DeadLetterPublishingRecoverer publisher;
    private final DeadLetterStore store;
    private final MeterRegistry meters;
    private final String defaultGroup;

    /**
     * @param defaultGroup the group to record when the failing record's own is unknown (it is known on
     *                     every listener thread; this only covers a call from elsewhere)
     */
    DeadLetterRecorder(DeadLetterProducer producer, DeadLetterStore store, MeterRegistry meters, String defaultGroup) {
        this.publisher = new DeadLetterPublishingRecoverer(producer.template(),
                (record, failure) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX, record.partition()));
        this.publisher.setFailIfSendResultIsError(true);
        this.store = store;
        this.meters = meters;
        this.defaultGroup = defaultGroup;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable failure = causeOf(exception);
        String group = KafkaUtils.getConsumerGroupId() != null ? KafkaUtils.getConsumerGroupId() : defaultGroup;
        List<Header> headers = copyOf(record);
        log.warn("Dead-lettering {}-{}@{} for group {}: {}", record.topic(), record.partition(), record.offset(), group,
                failure.getMessage());
        publisher.accept(record, exception);
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        store.add(group, record.topic(), record.partition(), record.offset(), text(record.key()), headers,
                bytes(record.value()), reason, failure.getClass().getName());
        Counter.builder("commerce.kafka.dead.letters")
                .description("Records sent to a dead-letter topic")
                .tag("topic", record.topic())
                .register(meters).increment();
    }

    /** What went wrong, without the listener-invocation wrappers spring-kafka puts around it. */
    private static Throwable causeOf(Exception exception) {
        Throwable failure = exception;
        while ((failure instanceof ListenerExecutionFailedException || failure instanceof BatchListenerFailedException)
                && failure.getCause() != null) {
            failure = failure.getCause();
        }
        return failure;
    }

    private static List<Header> copyOf(ConsumerRecord<?, ?> record) {
        return Arrays.stream(record.headers().toArray())
                .<Header>map(header -> new RecordHeader(header.key(), header.value()))
                .toList();
    }

    private static String text(Object key) {
        return switch (key) {
            case null -> null;
            case byte[] bytes -> new String(bytes, StandardCharsets.UTF_8);
            default -> key.toString();
        };
    }

    private static byte[] bytes(Object value) {
        return switch (value) {
            case null -> null;
            case byte[] bytes -> bytes;
            default -> value.toString().getBytes(StandardCharsets.UTF_8); // the starter's listeners read byte[]
        };
    }
}
