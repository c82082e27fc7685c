package com.example.commerce.starter.outbox;

import java.util.Set;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * Why one outbox row was not acknowledged, and whether trying again can help.
 *
 * <p>Permanent: the failure belongs to the record itself and would repeat on every attempt (it is larger
 * than the broker or producer accept, its topic is invalid or does not exist, the serializer refuses it,
 * the service may not write to that topic). Such a row is parked. Everything else is transient (the
 * broker is away, a timeout, a leader election, a closed producer) and the row waits for the next
 * attempt. An unknown failure counts as transient: retrying a row that cannot succeed costs a retry,
 * parking one that could have succeeded needs an operator.
 */
record SendFailure(Throwable cause, boolean permanent, String reason) {

    private static final Set<Class<? extends Throwable>> PERMANENT = Set.of(RecordTooLargeException.class,
            RecordBatchTooLargeException.class, InvalidRecordException.class, InvalidTopicException.class,
            SerializationException.class, TopicAuthorizationException.class);

    static SendFailure of(Throwable cause) {
        Throwable root = unwrap(cause);
        boolean permanent = PERMANENT.stream().anyMatch(type -> type.isInstance(root));
        return new SendFailure(root, permanent, describe(root));
    }

    /** A failure the relay established itself, such as a topic the broker says does not exist. */
    static SendFailure permanent(Throwable cause, String reason) {
        return new SendFailure(cause, true, reason);
    }

    /** Whether the producer gave up waiting for the topic's metadata: a missing topic, or a broker away. */
    boolean isMissingMetadata() {
        return cause instanceof org.apache.kafka.common.errors.TimeoutException
                && cause.getMessage() != null && cause.getMessage().contains("not present in metadata");
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable current = failure;
        while (current.getCause() != null && current.getClass() == KafkaException.class) {
            current = current.getCause();
        }
        return current;
    }

    private static String describe(Throwable failure) {
        String text = failure.getClass().getName() + (failure.getMessage() == null ? "" : ": " + failure.getMessage());
        return text.length() > 1000 ? text.substring(0, 1000) : text;
    }
}
