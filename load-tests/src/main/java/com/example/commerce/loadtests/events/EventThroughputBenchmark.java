package com.example.commerce.loadtests.events;

import com.example.commerce.events.Topics;
import com.example.commerce.events.catalog.ProductCreated;
import com.example.commerce.events.shared.Money;
import com.example.commerce.stack.EmbeddedPostgresServer;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.KafkaBroker;
import com.example.commerce.stack.LocalSecrets;
import com.example.commerce.stack.PostgresServer;
import com.example.commerce.starter.outbox.Outbox;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Events per second through the whole backbone on this machine: business transactions each write one
 * event to the outbox, the relay publishes them to a real broker, and a batch listener takes them
 * through the idempotent inbox and writes an effect, all with the production settings of
 * service-starter (acks=all idempotent producer, read_committed consumer, one transaction per poll).
 *
 * <p>Producer and consumer run as two Spring Boot applications in this JVM, on their own schemas and
 * roles (catalog and cart), against a real PostgreSQL and a real Kafka broker process started here.
 * PostgreSQL runs with fsync and synchronous_commit off (the embedded server's defaults), which the
 * report says: with them on, each business commit costs a disk flush.
 *
 * <p>Run: {@code ./mvnw -q -pl load-tests -am -DskipTests -Pevents-benchmark verify} (options
 * {@code -Devents=100000 -Dwriters=8 -Dconsumers=2 -Drate=0}; a rate above 0 offers events at that
 * rate, to read the latency at a load the pipeline sustains).
 */
public final class EventThroughputBenchmark {

    private EventThroughputBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int events = Integer.getInteger("events", 100_000);
        int writers = Integer.getInteger("writers", 8);
        int consumers = Integer.getInteger("consumers", 2);
        int rate = Integer.getInteger("rate", 0);
        int warmUp = Math.max(1_000, events / 20);
        Path directory = Path.of("target", "events-benchmark").toAbsolutePath();
        deleteRecursively(directory);

        try (PostgresServer postgres = EmbeddedPostgresServer.start(directory.resolve("postgres"), FreePorts.any());
             KafkaBroker kafka = startKafka(directory.resolve("kafka"))) {
            postgres.provision(FleetLayout.DATABASE, FleetLayout.schemas());
            kafka.endpoint().createTopics(Topics.all(), Topics.PARTITIONS);
            String db = postgres.jdbcUrl(FleetLayout.DATABASE);
            try (ConfigurableApplicationContext consumer = start(BenchmarkConsumerApplication.class, "benchmark-consumer",
                         "cart", db, kafka, Map.of("spring.kafka.listener.concurrency", consumers,
                                 "commerce.outbox.enabled", false));
                 ConfigurableApplicationContext producer = start(BenchmarkProducerApplication.class, "benchmark-producer",
                         "catalog", db, kafka, Map.of())) {
                Writer writer = new Writer(producer.getBean(Outbox.class), producer.getBean(TransactionTemplate.class),
                        producer.getBean(JdbcTemplate.class));
                JdbcTemplate effects = consumer.getBean(JdbcTemplate.class);

                System.out.printf("Warming up with %,d events...%n", warmUp);
                run(writer, effects, warmUp, writers, 0);
                System.out.printf("Measuring %,d events, %d writer threads, %d consumer threads, %s...%n",
                        events, writers, consumers, rate > 0 ? "offered at " + rate + " events/s" : "as fast as they go");
                Result result = run(writer, effects, events, writers, rate);
                report(result, events, writers, consumers, rate);
            }
        }
    }

    private static KafkaBroker startKafka(Path directory) {
        int port = FreePorts.any();
        return KafkaBroker.start(directory, port, FreePorts.anyExcept(port), Duration.ofSeconds(90));
    }

    private static ConfigurableApplicationContext start(Class<?> application, String name, String schema, String db,
                                                        KafkaBroker kafka, Map<String, Object> extra) {
        SpringApplication app = new SpringApplication(application);
        app.setWebApplicationType(WebApplicationType.NONE);
        Map<String, Object> properties = new java.util.HashMap<>(Map.of(
                "spring.application.name", name,
                "commerce.service.schema", schema,
                "commerce.db.url", db,
                "commerce.kafka.bootstrap-servers", kafka.bootstrapServers(),
                "spring.flyway.locations", "classpath:db/benchmark-" + schema,
                "logging.level.root", "WARN",
                "spring.main.banner-mode", "off"));
        // A local run: the starter's SecretGuard allows the development datasource password (the role's name).
        properties.put(LocalSecrets.ENVIRONMENT_PROPERTY, LocalSecrets.LOCAL);
        properties.putAll(extra);
        app.setDefaultProperties(properties);
        return app.run();
    }

    /**
     * Writes {@code events} business transactions with {@code writers} threads, as fast as they go or,
     * with a {@code rate}, each at its slot of an even schedule (an open workload: a late writer does not
     * slow the schedule down), then waits until every effect is committed.
     */
    private static Result run(Writer writer, JdbcTemplate effects, int events, int writers, int rate) throws Exception {
        int before = effects.queryForObject("SELECT count(*) FROM benchmark_effect", Integer.class);
        Instant start = Instant.now();
        long startNanos = System.nanoTime();
        AtomicInteger next = new AtomicInteger();
        try (ExecutorService pool = Executors.newFixedThreadPool(writers)) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                done.add(pool.submit(() -> {
                    int slot;
                    while ((slot = next.getAndIncrement()) < events) {
                        if (rate > 0) {
                            long due = startNanos + (long) (slot * 1e9 / rate);
                            long wait = due - System.nanoTime();
                            if (wait > 0) {
                                Thread.sleep(Duration.ofNanos(wait));
                            }
                        }
                        writer.writeOne();
                    }
                    return null;
                }));
            }
            for (Future<?> each : done) {
                each.get();
            }
        }
        Instant written = Instant.now();
        Instant deadline = written.plus(Duration.ofMinutes(10));
        int processed;
        do {
            Thread.sleep(50); // polling a benchmark's progress, not a test
            processed = effects.queryForObject("SELECT count(*) FROM benchmark_effect", Integer.class) - before;
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException("only " + processed + " of " + events + " events arrived in 10 minutes");
            }
        } while (processed < events);
        Instant finished = Instant.now();
        List<Double> latencies = effects.query("""
                SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY extract(epoch FROM processed_at - occurred_at))
                FROM (SELECT processed_at, occurred_at FROM benchmark_effect ORDER BY seq DESC LIMIT ?) latest""",
                (rs, n) -> List.of((Double[]) rs.getArray(1).getArray()), events).getFirst();
        return new Result(Duration.between(start, written), Duration.between(start, finished), latencies);
    }

    private static void report(Result result, int events, int writers, int consumers, int rate) {
        double writeRate = events / seconds(result.writing());
        double endToEnd = events / seconds(result.total());
        System.out.println();
        System.out.println("Event backbone benchmark: outbox -> relay -> Kafka -> inbox (batch) -> effect");
        System.out.printf("  machine          %d cores, JDK %s%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        System.out.printf("  events           %,d (one business transaction each, %d writer threads)%n", events, writers);
        System.out.printf("  consumer threads %d (6 partitions)%n", consumers);
        System.out.printf("  offered          %s%n", rate > 0 ? rate + " events/s" : "as fast as the writers go");
        System.out.printf("  written          %,.0f events/s (%.1f s)%n", writeRate, seconds(result.writing()));
        System.out.printf("  end to end       %,.0f events/s (last effect after %.1f s)%n", endToEnd,
                seconds(result.total()));
        System.out.printf("  latency          p50 %.0f ms, p95 %.0f ms, p99 %.0f ms (event time -> effect committed)%n",
                result.latencies().get(0) * 1000, result.latencies().get(1) * 1000, result.latencies().get(2) * 1000);
        System.out.println("  note             PostgreSQL with fsync and synchronous_commit off; one broker, replication 1");
    }

    private static double seconds(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        }
    }

    private record Result(Duration writing, Duration total, List<Double> latencies) {
    }

    /** A business transaction that lists a product: the state change and its event commit together. */
    private record Writer(Outbox outbox, TransactionTemplate transactions, JdbcTemplate jdbc) {

        void writeOne() {
            UUID productId = UUID.randomUUID();
            String sku = "BENCH-" + productId.toString().substring(0, 8).toUpperCase();
            transactions.executeWithoutResult(status -> {
                jdbc.update("INSERT INTO benchmark_product (id, sku) VALUES (?, ?)", productId, sku);
                outbox.publish(new ProductCreated(productId, sku, "Benchmark product", new Money(1_000, "EUR"),
                        Instant.now()));
            });
        }
    }
}
