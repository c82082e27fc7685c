package com.example.commerce.reporting.rebuild;

import com.example.commerce.events.Topics;
import com.example.commerce.reporting.ReportingProperties;
import com.example.commerce.reporting.ingest.FactSession;
import com.example.commerce.reporting.ingest.LiveModel;
import com.example.commerce.reporting.ingest.ModelTables;
import com.example.commerce.reporting.ingest.Projection;
import com.example.commerce.starter.Problems;
import com.example.commerce.starter.ProblemTypes;
import com.example.commerce.starter.inbox.Inbox;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Rebuilds the analytics model from the earliest offsets of every topic into fresh tables while the live model
 * keeps answering, then swaps them in.
 *
 * <ol>
 *   <li>{@link #start}: the next generation's tables ({@code <table>_next}, shaped like the live ones) are made
 *   empty, and a consumer of its own group ({@code reporting-service.rebuild-g<n>}) reads every partition from
 *   the beginning through the inbox under the next generation's consumer name, into those tables.</li>
 *   <li>Caught up with the end offsets taken at the start, it pauses the live listeners (their current poll
 *   finishes first), reads on to the end offsets taken then, and swaps in one transaction: every live table
 *   renamed away and dropped, every {@code _next} table renamed into its place, the generation moved on.
 *   Readers wait for the renames for the moment the transaction takes; they see the old model or the new.</li>
 *   <li>The live listeners resume under the new generation's inbox name: what the rebuild already applied is a
 *   duplicate to them, what arrived after it is new.</li>
 * </ol>
 *
 * A record that cannot be read (the live model dead-letters it) is skipped and counted. One rebuild at a time
 * per instance; the status is kept in {@code model_rebuild}. With two instances, run it on one: the other's
 * listeners are not paused (a known limit: the swap would then miss what that instance applied meanwhile).
 */
@Service
public class ModelRebuild {

    private static final Logger log = LoggerFactory.getLogger(ModelRebuild.class);
    public static final java.net.URI RUNNING = ProblemTypes.of("rebuild-running");

    /** A rebuild as {@code model_rebuild} keeps it. */
    public record Status(long generation, String status, Instant startedAt, Instant finishedAt, long events,
                         String detail) {
    }

    private final JdbcTemplate jdbc;
    private final TransactionTemplate transactions;
    private final Inbox inbox;
    private final Projection projection;
    private final LiveModel live;
    private final KafkaListenerEndpointRegistry listeners;
    private final ConsumerFactory<?, ?> consumers;
    private final ReportingProperties properties;
    private final Clock clock;
    private final AtomicBoolean running = new AtomicBoolean();

    ModelRebuild(JdbcTemplate jdbc, TransactionTemplate transactions, Inbox inbox, Projection projection, LiveModel live,
                 KafkaListenerEndpointRegistry listeners, ConsumerFactory<?, ?> consumers,
                 ReportingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.inbox = inbox;
        this.projection = projection;
        this.live = live;
        this.listeners = listeners;
        this.consumers = consumers;
        this.properties = properties;
        this.clock = clock;
    }

    /** Starts a rebuild in the background; a 409 {@code rebuild-running} problem while one runs. */
    public Status start() {
        if (!running.compareAndSet(false, true)) {
            throw Problems.problem(HttpStatus.CONFLICT, RUNNING, "A rebuild is running",
                    "the model is being rebuilt; wait for it to finish", Map.of());
        }
        try {
            long next = live.generation() + 1;
            transactions.executeWithoutResult(status -> {
                for (String table : ModelTables.all()) {
                    jdbc.execute("DROP TABLE IF EXISTS " + ModelTables.NEXT.table(table));
                    jdbc.execute("CREATE TABLE " + ModelTables.NEXT.table(table) + " (LIKE " + table + " INCLUDING ALL)");
                }
                jdbc.update("DELETE FROM inbox_message WHERE consumer = ?", LiveModel.consumer(next));
                jdbc.update("INSERT INTO model_rebuild (generation, status, started_at) VALUES (?, 'RUNNING', ?)"
                        + " ON CONFLICT (generation) DO UPDATE SET status = 'RUNNING', started_at = EXCLUDED.started_at,"
                        + " finished_at = NULL, events = 0, detail = NULL", next, Timestamp.from(clock.instant()));
            });
            Thread.ofPlatform().name("reporting-rebuild-g" + next).daemon().start(() -> run(next));
            return status(next);
        } catch (RuntimeException e) {
            running.set(false);
            throw e;
        }
    }

    /** The latest rebuild, if any. */
    public java.util.Optional<Status> latest() {
        return jdbc.query("SELECT * FROM model_rebuild ORDER BY generation DESC LIMIT 1", (row, n) -> new Status(
                row.getLong("generation"), row.getString("status"), row.getTimestamp("started_at").toInstant(),
                row.getTimestamp("finished_at") == null ? null : row.getTimestamp("finished_at").toInstant(),
                row.getLong("events"), row.getString("detail"))).stream().findFirst();
    }

    private Status status(long generation) {
        return latest().filter(s -> s.generation() == generation).orElseThrow();
    }

    @SuppressWarnings("unchecked")
    private void run(long next) {
        Properties overrides = new Properties();
        overrides.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        overrides.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        overrides.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "1000");
        List<MessageListenerContainer> paused = new ArrayList<>();
        long[] applied = {0};
        try (Consumer<String, byte[]> consumer = (Consumer<String, byte[]>) consumers.createConsumer("reporting-service.rebuild-g" + next,
                "reporting-service.rebuild", "-g" + next, overrides)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : Topics.eventTopics()) {
                consumer.partitionsFor(topic).forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            drain(consumer, consumer.endOffsets(partitions), next, applied);
            for (MessageListenerContainer container : listeners.getListenerContainers()) {
                if (container.getListenerId() != null && container.getListenerId().startsWith(LiveModel.LISTENER_PREFIX)) {
                    container.pause();
                    paused.add(container);
                }
            }
            awaitPaused(paused);
            drain(consumer, consumer.endOffsets(partitions), next, applied);
            swap(next, applied[0]);
            log.info("Rebuilt the reporting model as generation {} from {} events and swapped it in", next, applied[0]);
        } catch (RuntimeException | InterruptedException e) {
            log.error("The rebuild of generation {} failed; the live model stays", next, e);
            jdbc.update("UPDATE model_rebuild SET status = 'FAILED', finished_at = ?, events = ?, detail = ?"
                    + " WHERE generation = ?", Timestamp.from(clock.instant()), applied[0],
                    String.valueOf(e.getMessage()).substring(0, Math.min(500, String.valueOf(e.getMessage()).length())), next);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        } finally {
            paused.forEach(MessageListenerContainer::resume);
            running.set(false);
        }
    }

    private void drain(Consumer<String, byte[]> consumer, Map<TopicPartition, Long> target, long next, long[] applied) {
        Map<TopicPartition, Long> left = new HashMap<>(target);
        left.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        String name = LiveModel.consumer(next);
        while (!left.isEmpty()) {
            ConsumerRecords<String, byte[]> polled = consumer.poll(properties.rebuildPoll());
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>(polled.count());
            polled.forEach(records::add);
            while (!records.isEmpty()) {
                try {
                    FactSession.POLL_ORDERS.set(Projection.ordersOf(records));
                    applied[0] += inbox.receiveAll(name, records, event -> projection.apply(ModelTables.NEXT, event));
                    records = List.of();
                } catch (BatchListenerFailedException failed) {
                    int index = records.indexOf(failed.getRecord());
                    log.warn("The rebuild skips {}-{}@{}: {}", failed.getRecord().topic(), failed.getRecord().partition(),
                            failed.getRecord().offset(), failed.getMessage());
                    records = index < 0 ? List.of() : records.subList(index + 1, records.size());
                } finally {
                    FactSession.POLL_ORDERS.remove();
                }
            }
            jdbc.update("UPDATE model_rebuild SET events = ? WHERE generation = ?", applied[0], next);
            left.entrySet().removeIf(end -> consumer.position(end.getKey()) >= end.getValue());
        }
    }

    private static void awaitPaused(List<MessageListenerContainer> paused) throws InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(60));
        while (!paused.stream().allMatch(MessageListenerContainer::isPauseRequested)
                || !paused.stream().allMatch(c -> !c.isRunning() || c.isContainerPaused())) {
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("the live listeners did not pause within 60 s");
            }
            Thread.sleep(20);
        }
    }

    private void swap(long next, long events) {
        transactions.executeWithoutResult(status -> {
            for (String table : ModelTables.all()) {
                jdbc.execute("ALTER TABLE " + table + " RENAME TO " + table + "_old");
                jdbc.execute("ALTER TABLE " + ModelTables.NEXT.table(table) + " RENAME TO " + table);
                jdbc.execute("DROP TABLE " + table + "_old");
            }
            jdbc.execute("""
                    DO $$ DECLARE rollup text; BEGIN
                      IF EXISTS (SELECT FROM pg_catalog.pg_roles WHERE rolname = 'reporting_reader') THEN
                        FOR rollup IN SELECT tablename FROM pg_tables WHERE schemaname = current_schema()
                                        AND tablename LIKE 'rollup\\_%' AND tablename NOT LIKE '%\\_next' LOOP
                          EXECUTE format('GRANT SELECT ON %I.%I TO reporting_reader', current_schema(), rollup);
                        END LOOP;
                      END IF;
                    END $$""");
            jdbc.update("UPDATE model_generation SET generation = ?, swapped_at = ?", next, Timestamp.from(clock.instant()));
            jdbc.update("UPDATE model_rebuild SET status = 'DONE', finished_at = ?, events = ? WHERE generation = ?",
                    Timestamp.from(clock.instant()), events, next);
        });
        live.generationSwapped(next);
    }
}
