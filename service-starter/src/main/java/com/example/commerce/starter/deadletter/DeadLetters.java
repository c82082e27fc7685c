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
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.ErrorResponseException;

/**
 * Lets operations see the records this service's consumers gave up on and, once the cause is fixed, send
 * them again: to their original topic and partition, with their key, value and headers as they were (the
 * {@code kafka_dlt-*} headers aside), addressed to the consumer group that failed them
 * ({@link RedriveFilter#REDRIVE_GROUP}). That group processes the record through its listener and inbox as
 * any other: an event it had processed after all is a counted duplicate, not a second effect; one that
 * fails again becomes a new dead letter.
 *
 * <p>A dead letter is marked redriven only after the broker acknowledged the record (at least once: an
 * acknowledgement that comes too late leaves it pending, and the inbox drops a second copy). Its row is
 * locked meanwhile, so two operators cannot both redrive it. Every redrive is written to the
 * {@code commerce.audit} log: who, which dead letter, which record.
 */
public class DeadLetters {

    /** The largest page a listing returns. */
    public static final int MAX_PAGE_SIZE = 100;

    static final URI ALREADY_REDRIVEN = ProblemTypes.of("dead-letter-already-redriven");
    static final URI REDRIVE_FAILED = ProblemTypes.of("dead-letter-redrive-failed");

    private static final Logger log = LoggerFactory.getLogger(DeadLetters.class);
    private static final Logger audit = LoggerFactory.getLogger("commerce.audit");
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(1);
    private static final String DLT_HEADER_PREFIX = "kafka_dlt-";

    private final DeadLetterStore store;
    private final DeadLetterProducer producer;
    private final TransactionTemplate transactions;
    private final DeadLetterProperties properties;
    private final MeterRegistry meters;
    private final ThrottledReading<Long> pending;

    DeadLetters(DeadLetterStore store, DeadLetterProducer producer, TransactionTemplate transactions,
                DeadLetterProperties properties, MeterRegistry meters) {
        this.store = store;
        this.producer = producer;
        this.transactions = transactions;
        this.properties = properties;
        this.meters = meters;
        this.pending = new ThrottledReading<>("Pending dead letters", METRICS_REFRESH, 0L, store::countPending);
        Gauge.builder("commerce.kafka.dead.letters.pending", this, deadLetters -> deadLetters.pending.get())
                .description("Dead letters of this service waiting to be redriven").register(meters);
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
     * Sends one dead letter back to its topic and marks it redriven.
     *
     * @param operator who asked, for the audit log
     * @return the dead letter as it is now
     * @throws ErrorResponseException 404 for an unknown id, 409 if it was redriven already, 503 if the
     *                                broker did not take the record (nothing changed then)
     */
    public DeadLetter redrive(UUID id, String operator) {
        return transactions.execute(status -> {
            DeadLetter.WithRecord found = store.lock(id).orElseThrow(() -> Problems.problem(HttpStatus.NOT_FOUND,
                    ProblemTypes.NOT_FOUND, "Dead letter not found", "There is no dead letter " + id + ".",
                    Map.of("deadLetterId", id)));
            if (found.deadLetter().status() == DeadLetterStatus.REDRIVEN) {
                throw Problems.problem(HttpStatus.CONFLICT, ALREADY_REDRIVEN, "Dead letter already redriven",
                        "Dead letter " + id + " was redriven at " + found.deadLetter().redrivenAt()
                                + "; if it failed again it is a new dead letter.",
                        Map.of("deadLetterId", id));
            }
            try {
                DeadLetterProducer.awaitAck(producer.send(redriveOf(found)), properties.ackTimeout());
            } catch (RuntimeException e) {
                throw redriveFailed(e, 0);
            }
            store.markRedriven(List.of(id));
            redriven(found.deadLetter(), operator);
            return store.find(id).orElseThrow().deadLetter();
        });
    }

    /**
     * Sends every pending dead letter (of one topic, or of all) back, oldest first, in chunks of
     * {@link DeadLetterProperties#redriveChunkSize()}, each chunk locked, sent and marked in one
     * transaction. Dead letters recorded after the call began (a redriven record failing again, say) wait
     * for the next call, so this ends even while records keep failing.
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
            Chunk chunk = transactions.execute(status -> redriveChunk(topic, until, operator));
            redriven += chunk.redriven();
            if (chunk.failure() != null) {
                throw redriveFailed(chunk.failure(), redriven);
            }
            if (chunk.locked() == 0) {
                return redriven;
            }
        }
    }

    private record Chunk(int locked, int redriven, RuntimeException failure) {
    }

    private Chunk redriveChunk(String topic, Instant until, String operator) {
        List<DeadLetter.WithRecord> rows = store.lockPending(topic, until, properties.redriveChunkSize());
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
        List<UUID> sent = new ArrayList<>(acks.size());
        for (int i = 0; i < acks.size(); i++) {
            DeadLetter deadLetter = rows.get(i).deadLetter();
            try {
                DeadLetterProducer.awaitAck(acks.get(i), Duration.ofNanos(deadline - System.nanoTime()));
                sent.add(deadLetter.id());
                redriven(deadLetter, operator);
            } catch (RuntimeException e) {
                failure = failure == null ? e : failure;
            }
        }
        store.markRedriven(sent);
        return new Chunk(rows.size(), sent.size(), failure);
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
