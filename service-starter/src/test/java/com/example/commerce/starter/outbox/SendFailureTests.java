package com.example.commerce.starter.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.NetworkException;
import org.apache.kafka.common.errors.NotLeaderOrFollowerException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.junit.jupiter.api.Test;

class SendFailureTests {

    @Test
    void failuresOfTheRecordItselfArePermanent() {
        assertThat(SendFailure.of(new RecordTooLargeException("too large")).permanent()).isTrue();
        assertThat(SendFailure.of(new SerializationException("bad")).permanent()).isTrue();
        assertThat(SendFailure.of(new TopicAuthorizationException("no")).permanent()).isTrue();
        assertThat(SendFailure.of(new KafkaException(new RecordTooLargeException("wrapped"))).permanent()).isTrue();
    }

    @Test
    void aBrokerAwayOrBusyIsTransient() {
        assertThat(SendFailure.of(new TimeoutException("Expiring 3 record(s)")).permanent()).isFalse();
        assertThat(SendFailure.of(new NetworkException("gone")).permanent()).isFalse();
        assertThat(SendFailure.of(new NotLeaderOrFollowerException("election")).permanent()).isFalse();
        assertThat(SendFailure.of(new IllegalStateException("producer closed")).permanent()).isFalse();
    }

    @Test
    void aMetadataTimeoutIsTransientUntilTheBrokerSaysTheTopicIsMissing() {
        SendFailure failure = SendFailure.of(new TimeoutException("Topic nope not present in metadata after 2000 ms."));

        assertThat(failure.permanent()).isFalse();
        assertThat(failure.isMissingMetadata()).isTrue();
        assertThat(SendFailure.of(new TimeoutException("Expiring 1 record(s)")).isMissingMetadata()).isFalse();
    }

    @Test
    void theReasonNamesTheExceptionAndFitsItsColumn() {
        SendFailure failure = SendFailure.of(new RecordTooLargeException("x".repeat(5000)));

        assertThat(failure.reason()).startsWith("org.apache.kafka.common.errors.RecordTooLargeException: xxx")
                .hasSize(1000);
    }
}
