package com.example.commerce.starter.deadletter;

import com.example.commerce.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.core.KafkaOperations;
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
 * <p>What the recorder adds to a record is bounded, so a record that fits its topic still fits the DLT
 * (unless it is within a few kilobytes of the limit): the exception message at most
 * {@value #MESSAGE_LIMIT} bytes, the stack trace at most {@value #STACK_TRACE_LIMIT}, cut with a marker.
 *
 * <p>A DLT send that fails for a reason no retry can change (the copy over the producer's
 * {@code max.request.size} or the DLT's {@code max.message.bytes}, an invalid DLT name) does not block the
 * partition: the record is kept in {@code dead_letter} alone, with that reason ({@code dlt_failure}), an
 * error in the log and {@code commerce_kafka_dead_letters_without_dlt_copy_total}. Any other failure of
 * either step (the broker away, a timeout, the database) throws: the container's error handler then keeps
 * the record and tries it again rather than committing past it. A record is never dropped; at worst it
 * reaches the DLT twice, and {@code dead_letter} keeps one row per record.
 */
public class DeadLetterRecorder implements ConsumerRecordRecoverer {

    /** The most bytes of {@code kafka_dlt-exception-message} (UTF-8). */
    static final int MESSAGE_LIMIT = 4 * 1024;

    /** The most bytes of {@code kafka_dlt-exception-stacktrace} (UTF-8). */
    static final int STACK_TRACE_LIMIT = 16 * 1024;

    private static final byte[] CUT = " ...[cut]".getBytes(StandardCharsets.UTF_8);

    /** Send failures of the DLT copy that no retry can change. */
    private static final List<Class<? extends Throwable>> PERMANENT = List.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidRecordException.class, InvalidTopicException.class);

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
        this.publisher = new DeadLetterTopicPublisher(producer.template());
        this.publisher.setFailIfSendResultIsError(true);
        this.publisher.setStripPreviousExceptionHeaders(true);
        this.publisher.setExceptionHeadersCreator(DeadLetterRecorder::exceptionHeaders);
        this.store = store;
        this.meters = meters;
        this.defaultGroup = defaultGroup;
    }

    @Override
    public void accept(ConsumerRecord<?, ?> record, Exception exception) {
        Throwable failure = causeOf(exception);
        String group = KafkaUtils.getConsumerGroupId() != null ? KafkaUtils.getConsumerGroupId() : defaultGroup;
        List<Header> headers = copyOf(record);
        String reason = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        log.warn("Dead-lettering {}-{}@{} for group {}: {}", record.topic(), record.partition(), record.offset(), group,
                reason.length() > MESSAGE_LIMIT ? reason.substring(0, MESSAGE_LIMIT) + "...[cut]" : reason);
        String dltFailure = null;
        try {
            publisher.accept(record, exception);
        } catch (RuntimeException sendFailed) {
            Throwable permanent = permanentCause(sendFailed);
            if (permanent == null) {
                throw sendFailed; // transient: the record is kept and tried again
            }
            dltFailure = permanent.getClass().getSimpleName() + ": " + permanent.getMessage();
        }
        boolean written = store.add(group, record.topic(), record.partition(), record.offset(), text(record.key()),
                headers, bytes(record.value()), reason, failure.getClass().getName(), dltFailure);
        if (dltFailure != null) {
            log.error("{}-{}@{} of group {} could never be written to its dead-letter topic ({}); it is kept in"
                    + " dead_letter only", record.topic(), record.partition(), record.offset(), group, dltFailure);
        }
        if (written) {
            Counter.builder("commerce.kafka.dead.letters")
                    .description("Records dead-lettered (kept in dead_letter)")
                    .tag("topic", record.topic())
                    .register(meters).increment();
            if (dltFailure != null) {
                Counter.builder("commerce.kafka.dead.letters.without.dlt.copy")
                        .description("Dead letters kept in dead_letter only: their copy could never be written to the DLT")
                        .tag("topic", record.topic())
                        .register(meters).increment();
            }
        }
    }

    /** The failure in the chain that no retry of the DLT send can change, or null if there is none. */
    private static Throwable permanentCause(Throwable sendFailed) {
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = sendFailed; cause != null && seen.add(cause); cause = cause.getCause()) {
            for (Class<? extends Throwable> permanent : PERMANENT) {
                if (permanent.isInstance(cause)) {
                    return cause;
                }
            }
        }
        return null;
    }

    /**
     * The {@code kafka_dlt-exception-*} headers, bounded: the class names, the message of what went wrong
     * (inside the listener-invocation wrappers) and the stack trace, each cut to its limit.
     */
    private static void exceptionHeaders(Headers headers, Exception exception, boolean isKey,
                                         DeadLetterPublishingRecoverer.HeaderNames names) {
        DeadLetterPublishingRecoverer.HeaderNames.ExceptionInfo info = names.getExceptionInfo();
        headers.add(isKey ? info.getKeyExceptionFqcn() : info.getExceptionFqcn(),
                exception.getClass().getName().getBytes(StandardCharsets.UTF_8));
        if (!isKey && exception.getCause() != null) {
            headers.add(info.getExceptionCauseFqcn(),
                    exception.getCause().getClass().getName().getBytes(StandardCharsets.UTF_8));
        }
        Throwable failure = causeOf(exception);
        String message = failure.getMessage() == null ? failure.getClass().getName() : failure.getMessage();
        headers.add(isKey ? info.getKeyExceptionMessage() : info.getExceptionMessage(), utf8(message, MESSAGE_LIMIT));
        headers.add(isKey ? info.getKeyExceptionStacktrace() : info.getExceptionStacktrace(),
                utf8(stackTrace(failure), STACK_TRACE_LIMIT));
    }

    /**
     * The stack trace of what went wrong and its causes, each message cut to {@value #MESSAGE_LIMIT}
     * characters so that the frames, not a long message, fill the header.
     */
    static String stackTrace(Throwable failure) {
        StringBuilder trace = new StringBuilder();
        Set<Throwable> seen = Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable cause = failure; cause != null && seen.add(cause) && trace.length() < STACK_TRACE_LIMIT;
             cause = cause.getCause()) {
            trace.append(cause == failure ? "" : "Caused by: ").append(cause.getClass().getName());
            if (cause.getMessage() != null) {
                String message = cause.getMessage();
                trace.append(": ").append(message.length() > MESSAGE_LIMIT ? message.substring(0, MESSAGE_LIMIT) + "...[cut]"
                        : message);
            }
            trace.append('\n');
            for (StackTraceElement frame : cause.getStackTrace()) {
                trace.append("\tat ").append(frame).append('\n');
            }
        }
        return trace.toString();
    }

    /** {@code text} as UTF-8, cut at a character boundary with a marker if it takes more than {@code limit} bytes. */
    static byte[] utf8(String text, int limit) {
        byte[] whole = text.getBytes(StandardCharsets.UTF_8);
        if (whole.length <= limit) {
            return whole;
        }
        ByteBuffer cut = ByteBuffer.allocate(limit);
        StandardCharsets.UTF_8.newEncoder().encode(CharBuffer.wrap(text), cut.limit(limit - CUT.length), true);
        cut.limit(limit).put(CUT);
        return Arrays.copyOf(cut.array(), cut.position());
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

    /**
     * spring-kafka's recoverer, to the same partition of {@code <topic>.DLT}, except that a failed send
     * throws with its cause (spring-kafka logs a send that fails at once and throws without it), so the
     * recorder can tell a record that will never fit from a broker that is away.
     */
    private static final class DeadLetterTopicPublisher extends DeadLetterPublishingRecoverer {

        DeadLetterTopicPublisher(KafkaOperations<String, byte[]> template) {
            super(template, (record, failure) -> new TopicPartition(record.topic() + Topics.DEAD_LETTER_SUFFIX,
                    record.partition()));
        }

        @Override
        protected void publish(ProducerRecord<Object, Object> outRecord, KafkaOperations<Object, Object> template,
                               ConsumerRecord<?, ?> inRecord) {
            String where = inRecord.topic() + "-" + inRecord.partition() + "@" + inRecord.offset();
            try {
                template.send(outRecord).get(determineSendTimeout(template).toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                throw new KafkaException("the DLT copy of " + where + " was refused: " + e.getCause().getMessage(),
                        e.getCause());
            } catch (TimeoutException e) {
                throw new KafkaException("no acknowledgement of the DLT copy of " + where + " in time", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new KafkaException("interrupted while sending the DLT copy of " + where, e);
            } catch (RuntimeException e) {
                throw new KafkaException("the DLT copy of " + where + " could not be sent: " + e.getMessage(), e);
            }
        }
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
