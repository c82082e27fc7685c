package com.example.commerce.starter.deadletter;

import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.ThrottledReading;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.kafka.support.SendResult;
import org.springframework.web.ErrorResponseException;

/**
 * Lets operations see the records this service's consumers gave up on and, once the cause is fixed, send
 * them again: to their original topic and partition, with their key, value and headers as they were (the
 * {@code kafka_dlt-*} headers aside), addressed to the consumer group that failed them
 * ({@link RedriveFilter#REDRIVE_GROUP}). That group processes the record through its listener and inbox as
 * any other: an event it had processed after all is a counted duplicate, not a second effect; one that
 * fails again becomes a new dead letter.
 *
 * <p>A dead letter is marked redriven only after the broker acknowledged the record, and no database lock
 * or transaction is held while the broker is awaited: a redrive claims the row in one statement
 * ({@code REDRIVING}, with a token and the time), commits, sends, waits for the ack (at most
 * {@link DeadLetterProperties#ackTimeout()}), and then marks it {@code REDRIVEN} with a second short
 * statement, or gives it back ({@code PENDING}) when the broker did not take it. Another redrive of a
 * claimed row is refused (409) until the claim is older than {@link DeadLetterProperties#claimTimeout()}:
 * a claim left behind by a crash, or by a mark that failed after the ack, is then taken over and the
 * record sent again (at least once: the group's inbox drops the second copy). Every redrive is written to
 * the {@code commerce.audit} log: who, which dead letter, which record.
 */
public class DeadLetters {

    /** The largest page a listing returns. */
    public static final int MAX_PAGE_SIZE = 100;

    static final URI ALREADY_REDRIVEN = ProblemTypes.of("dead-letter-already-redriven");
    static final URI REDRIVE_IN_PROGRESS = ProblemTypes.of("dead-letter-redrive-in-progress");
    static final URI REDRIVE_FAILED = ProblemTypes.of("dead-letter-redrive-failed");

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Logger audit = LoggerFactory.getLogger("commerce.audit");
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(1);
    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

    private final DeadLetterStore store;
    private final DeadLetterProducer producer;
    private final DeadLetterProperties properties;
    private final MeterRegistry meters;
    private final ThrottledReading<Long> pending;

    DeadLetters(DeadLetterStore store, DeadLetterProducer producer, DeadLetterProperties properties,
                MeterRegistry meters) {
        this.store = store;
        this.producer = producer;
        this.properties = properties;
        this.meters = meters;
        this.pending = new ThrottledReading<>("Pending dead letters", METRICS_REFRESH, 0L, store::countPending);
        Gauge.builder("commerce.kafka.dead.letters.pending", this, deadLetters -> deadLetters.pending.get())
                .description("Dead letters of this service not redriven yet (PENDING or REDRIVING)").register(meters);
    }

    /** One page of dead letters, newest first, and how many match in all. */
    public record Page(List<DeadLetter> items, long total) {
    }

    /**
     * @param status null for any
     * @param topic  the original topic, null for any
     */
    public Page list(DeadLetterStatus status, String topic, int page, int size) {
        if (page < 0 || size < 1 || size > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("page must be >= 0 and size 1.." + MAX_PAGE_SIZE);
        }
        return new Page(store.page(status, topic, page, size), store.count(status, topic));
    }

    public Optional<DeadLetter.WithRecord> find(UUID id) {
        return store.find(id);
    }

    /**
     * Sends one dead letter back to its topic and, after the broker's ack, marks it redriven.
     *
     * @param operator who asked, for the audit log
     * @return the dead letter as it is now
     * @throws ErrorResponseException 404 for an unknown id, 409 if it was redriven already or another
     *                                redrive holds it, 503 if the broker did not take the record (it is
     *                                pending again) or it could not be marked after the ack (it stays
     *                                REDRIVING until its claim times out, then may be redriven again)
     */
    public DeadLetter redrive(UUID id, String operator) {
        UUID token = UUID.randomUUID();
        DeadLetter.WithRecord claimed = store.claim(id, token, properties.claimTimeout())
                .orElseThrow(() -> notClaimable(id));
        try {
            DeadLetterProducer.awaitAck(producer.send(redriveOf(claimed)), properties.ackTimeout());
        } catch (RuntimeException e) {
            release(List.of(id), token);
            throw redriveFailed(e, 0);
        }
        markRedriven(List.of(claimed), token, operator, 0);
        return store.find(id).orElseThrow().deadLetter();
    }

    private ErrorResponseException notClaimable(UUID id) {
        DeadLetter found = store.find(id).map(DeadLetter.WithRecord::deadLetter).orElseThrow(() -> Problems.problem(
                HttpStatus.NOT_FOUND, ProblemTypes.NOT_FOUND, "Dead letter not found",
                "There is no dead letter " + id + ".", Map.of("deadLetterId", id)));
        if (found.status() == DeadLetterStatus.REDRIVEN) {
            return Problems.problem(HttpStatus.CONFLICT, ALREADY_REDRIVEN, "Dead letter already redriven",
                    "Dead letter " + id + " was redriven at " + found.redrivenAt()
                            + "; if it failed again it is a new dead letter.", Map.of("deadLetterId", id));
        }
        return Problems.problem(HttpStatus.CONFLICT, REDRIVE_IN_PROGRESS, "Dead letter being redriven",
                "Another redrive of dead letter " + id + " is waiting for the broker; if it never finishes, the"
                        + " dead letter can be redriven again " + properties.claimTimeout() + " after it began.",
                Map.of("deadLetterId", id));
    }

    /**
     * Sends every pending dead letter (of one topic, or of all) back, oldest first, in chunks of
     * {@link DeadLetterProperties#redriveChunkSize()}: each chunk claimed in one statement, sent, and marked
     * after the acks, with no transaction open meanwhile. Abandoned claims are taken over too. Dead
     * letters recorded after the call began (a redriven record failing again, say) wait for the next call,
     * so this ends even while records keep failing.
     *
     * @param topic    the original topic, null for all
     * @param operator who asked, for the audit log
     * @return how many were redriven
     * @throws ErrorResponseException 503 when the broker stopped taking records; those it acknowledged
     *                                before stay redriven, the rest pending
     */
    public int redriveAll(String topic, String operator) {
        Instant until = store.now();
        int redriven = 0;
        while (true) {
            UUID token = UUID.randomUUID();
            List<DeadLetter.WithRecord> rows = store.claimPending(topic, until, properties.redriveChunkSize(), token,
                    properties.claimTimeout());
            if (rows.isEmpty()) {
                return redriven;
            }
            Chunk chunk = redriveChunk(rows, token, operator, redriven);
            redriven += chunk.redriven();
            if (chunk.failure() != null) {
                throw redriveFailed(chunk.failure(), redriven);
            }
        }
    }

    private record Chunk(int redriven, RuntimeException failure) {
    }

    private Chunk redriveChunk(List<DeadLetter.WithRecord> rows, UUID token, String operator, int redrivenBefore) {
        List<CompletableFuture<SendResult<String, byte[]>>> acks = new ArrayList<>(rows.size());
        RuntimeException failure = null;
        for (DeadLetter.WithRecord row : rows) {
            try {
                CompletableFuture<SendResult<String, byte[]>> ack = producer.send(redriveOf(row));
                acks.add(ack);
                if (ack.isCompletedExceptionally()) {
                    break; // no metadata: the broker is unreachable, and every further send would block as long
                }
            } catch (RuntimeException e) {
                failure = e;
                break;
            }
        }
        long deadline = System.nanoTime() + properties.ackTimeout().toNanos();
        List<DeadLetter.WithRecord> acknowledged = new ArrayList<>(acks.size());
        List<UUID> notTaken = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            DeadLetter.WithRecord row = rows.get(i);
            if (i >= acks.size()) {
                notTaken.add(row.deadLetter().id());
                continue;
            }
            try {
                DeadLetterProducer.awaitAck(acks.get(i), Duration.ofNanos(deadline - System.nanoTime()));
                acknowledged.add(row);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
                notTaken.add(row.deadLetter().id());
            }
        }
        release(notTaken, token);
        int redriven = markRedriven(acknowledged, token, operator, redrivenBefore);
        return new Chunk(redriven, failure);
    }

    /**
     * Marks acknowledged rows of the claim redriven, then audits and counts each.
     *
     * @throws ErrorResponseException 503 if they could not be marked: they stay REDRIVING until their claim
     *                                times out, and a redrive after that sends them again
     */
    private int markRedriven(List<DeadLetter.WithRecord> acknowledged, UUID token, String operator,
                             int redrivenBefore) {
        List<UUID> marked;
        try {
            marked = store.markRedriven(acknowledged.stream().map(row -> row.deadLetter().id()).toList(), token);
        } catch (RuntimeException e) {
            log.warn("The broker took {} redriven dead letter(s) but they could not be marked: {}", acknowledged.size(),
                    e.getMessage(), e);
            throw Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, REDRIVE_FAILED, "Redrive not recorded",
                    "The broker took the record(s), but they could not be marked redriven (" + e.getMessage()
                            + "); they stay REDRIVING and may be redriven again " + properties.claimTimeout()
                            + " after the redrive began (the consumer group drops the second copy).",
                    Map.of("redriven", redrivenBefore));
        }
        for (DeadLetter.WithRecord row : acknowledged) {
            if (marked.contains(row.deadLetter().id())) {
                redriven(row.deadLetter(), operator);
            } else {
                log.warn("Dead letter {} was sent again, but its claim had timed out and another redrive holds it",
                        row.deadLetter().id());
            }
        }
        return marked.size();
    }

    /** Gives rows back after the broker did not take them; if that fails too, their claim times out. */
    private void release(List<UUID> ids, UUID token) {
        try {
            store.release(ids, token);
        } catch (RuntimeException e) {
            log.warn("Could not give {} dead letter(s) back after a failed redrive; they can be redriven again once"
                    + " their claim times out: {}", ids.size(), e.getMessage(), e);
        }
    }

    /** The original record again, addressed to the group that failed it. */
    private static ProducerRecord<String, byte[]> redriveOf(DeadLetter.WithRecord row) {
        DeadLetter deadLetter = row.deadLetter();
        RecordHeaders headers = new RecordHeaders();
        for (Header header : row.headers()) {
            String name = header.key();
            if (!name.startsWith(DLT_HEADER_PREFIX) && !name.equals(RedriveFilter.REDRIVE_GROUP)
                    && !name.equals(RedriveFilter.REDRIVE_ID)) {
                headers.add(header);
            }
        }
        headers.add(RedriveFilter.REDRIVE_GROUP, deadLetter.consumerGroup().getBytes(StandardCharsets.UTF_8));
        headers.add(RedriveFilter.REDRIVE_ID, deadLetter.id().toString().getBytes(StandardCharsets.UTF_8));
        return new ProducerRecord<>(deadLetter.topic(), deadLetter.partition(), deadLetter.key(), row.payload(),
                headers);
    }

    private void redriven(DeadLetter deadLetter, String operator) {
        audit.info("Dead letter {} redriven by {}: topic={} partition={} offset={} ceId={} ceType={} group={}",
                deadLetter.id(), operator, deadLetter.topic(), deadLetter.partition(), deadLetter.offset(),
                deadLetter.eventId(), deadLetter.eventType(), deadLetter.consumerGroup());
        Counter.builder("commerce.kafka.dead.letters.redriven")
                .description("Dead letters sent back to their topic")
                .tag("topic", deadLetter.topic())
                .register(meters).increment();
    }

    private static ErrorResponseException redriveFailed(RuntimeException cause, int redriven) {
        log.warn("Redrive stopped after {} dead letter(s): {}", redriven, cause.getMessage(), cause);
        return Problems.problem(HttpStatus.SERVICE_UNAVAILABLE, REDRIVE_FAILED, "Redrive failed",
                "The broker did not take the record (" + cause.getMessage() + "); what was not redriven is still"
                        + " pending. Try again later.", Map.of("redriven", redriven));
    }
}
