package com.example.commerce.starter.deadletter;

import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.header.Header;

/**
 * A record one consumer group of this service gave up on, and where it stands.
 *
 * @param key       the record key, null if it had none
 * @param eventId   the CloudEvents {@code ce_id} it carried, null if none (a poison record may lack it)
 * @param eventType the CloudEvents {@code ce_type} it carried, null if none
 */
public record DeadLetter(UUID id, String consumerGroup, String topic, int partition, long offset, String key,
                         String eventId, String eventType, String reason, String exceptionClass,
                         Instant deadLetteredAt, DeadLetterStatus status, Instant redrivenAt, int redriveCount) {

    /**
     * A dead letter with what a redrive sends again: every header of the record, in order, and its value.
     *
     * @param payload    the record value, null for a tombstone
     * @param dltFailure null when the record's copy is on {@code <topic>.DLT}; otherwise why it could never
     *                   be written there (the row is then the only copy)
     */
    public record WithRecord(DeadLetter deadLetter, List<Header> headers, byte[] payload, String dltFailure) {
    }
}
