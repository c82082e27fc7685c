package com.example.commerce.loadtests.reporting;

import com.example.commerce.events.EventTypes;
import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.events.Topics;
import com.example.commerce.stack.EmbeddedPostgresServer;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.KafkaBroker;
import com.example.commerce.stack.LocalSecrets;
import com.example.commerce.stack.PostgresServer;
import com.example.commerce.testing.TestIssuer;
import com.example.commerce.testing.TestTokens;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.io.DefaultResourceLoader;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reporting on real volumes: a year of generated orders' events ({@link OrderEventsGenerator}) produced to a real
 * Kafka broker, then reporting-service (its own classes, started in this JVM on the C2 compiler) catches up from
 * the earliest offsets; the benchmark measures the ingestion rate (events applied per second until its consumer
 * group has no lag), every report's response time over HTTP with a real token for a year's range, and the
 * storage of facts, rollups and inbox. PostgreSQL runs embedded with fsync and synchronous_commit off.
 *
 * <p>Run: {@code ./mvnw -q -pl load-tests -am -DskipTests -Preporting-benchmark verify -Dorders=1000000}
 * (default 100,000 orders; {@code -Dcalls=200} calls per report).
 */
public final class ReportingBenchmark {

    static final List<String> REPORTS = List.of("orders-by-state", "revenue", "revenue-by-category",
            "top-products?by=UNITS", "top-products?by=REVENUE", "funnel", "saga-durations", "endings", "stock-outs",
            "backorders");

    private ReportingBenchmark() {
    }

    public static void main(String[] args) {
        try {
            run();
            System.exit(0);
        } catch (Exception | Error e) {
            e.printStackTrace();
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        int orders = Integer.getInteger("orders", 100_000);
        int calls = Integer.getInteger("calls", 200);
        Path reportingClasses = Path.of(System.getProperty("reporting.classes", "../reporting-service/target/classes"))
                .toAbsolutePath().normalize();
        Path directory = Path.of("target", "reporting-benchmark").toAbsolutePath();
        deleteRecursively(directory);
        Instant yearStart = LocalDate.of(2025, 1, 1).atStartOfDay().toInstant(ZoneOffset.UTC);

        try (PostgresServer postgres = EmbeddedPostgresServer.start(directory.resolve("postgres"), FreePorts.any());
             KafkaBroker kafka = startKafka(directory.resolve("kafka"))) {
            postgres.provision(FleetLayout.DATABASE, FleetLayout.schemas());
            kafka.endpoint().createTopics(Topics.all(), Topics.PARTITIONS);
            awaitLeaders(kafka.bootstrapServers());

            System.out.printf("Producing %,d orders' events...%n", orders);
            long producing = System.nanoTime();
            long events = produce(kafka.bootstrapServers(), yearStart, orders);
            double produceSeconds = (System.nanoTime() - producing) / 1e9;
            System.out.printf("  %,d events in %.1f s (%,.0f events/s)%n", events, produceSeconds, events / produceSeconds);

            System.out.println("Starting reporting-service and catching up from the earliest offsets...");
            long catchingUp = System.nanoTime();
            int port = FreePorts.any();
            try (ConfigurableApplicationContext reporting = startReporting(reportingClasses, postgres, kafka, port)) {
                long started = System.nanoTime();
                long lagAtStart = lag(kafka.bootstrapServers());
                awaitNoLag(kafka.bootstrapServers(), events);
                double ingestSeconds = (System.nanoTime() - catchingUp) / 1e9;
                double steadySeconds = (System.nanoTime() - started) / 1e9;
                System.out.printf("  caught up in %.1f s: %,.0f events/s including the service's start; %,.0f events/s"
                        + " once started (%,d events in %.1f s)%n", ingestSeconds, events / ingestSeconds,
                        lagAtStart / steadySeconds, lagAtStart, steadySeconds);
                double steadyRate = lagAtStart / steadySeconds;

                Map<String, double[]> latencies = measureReports(port, calls);
                Map<String, Long> sizes = sizes(postgres);
                report(orders, events, produceSeconds, ingestSeconds, steadyRate, latencies, sizes, calls);
            }
        }
    }

    private static KafkaBroker startKafka(Path directory) {
        int port = FreePorts.any();
        return KafkaBroker.start(directory, port, FreePorts.anyExcept(port), Duration.ofSeconds(90));
    }

    /** Every partition has a leader before the first send (a fresh topic's first sends otherwise stall). */
    private static void awaitLeaders(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
            while (true) {
                boolean ready = admin.describeTopics(Topics.eventTopics()).allTopicNames().get().values().stream()
                        .allMatch(topic -> topic.partitions().stream().allMatch(p -> p.leader() != null && !p.leader().isEmpty()));
                if (ready) {
                    Thread.sleep(2_000); // let the leaders settle; the first sends to a fresh topic otherwise retry
                    return;
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("the topics have no leaders after 2 minutes");
                }
                Thread.sleep(200);
            }
        }
    }

    private static long produce(String bootstrap, Instant yearStart, int orders) {
        JsonMapper json = JsonMapper.builder().build();
        AtomicLong count = new AtomicLong();
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.BATCH_SIZE_CONFIG, 262_144,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            OrderEventsGenerator generator = new OrderEventsGenerator(yearStart, 42);
            java.util.function.Consumer<IntegrationEvent> send = event -> {
                String type = EventTypes.typeOf(event.getClass());
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(EventTypes.topicOf(type), event.aggregateId(),
                        json.writeValueAsBytes(event));
                record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_type", type.getBytes(StandardCharsets.UTF_8));
                record.headers().add("ce_source", "/load-tests/reporting".getBytes(StandardCharsets.UTF_8));
                producer.send(record);
                count.incrementAndGet();
            };
            generator.catalogue(send);
            for (int n = 0; n < orders; n++) {
                generator.order(n, send);
            }
            producer.flush();
        }
        return count.get();
    }

    private static ConfigurableApplicationContext startReporting(Path classes, PostgresServer postgres, KafkaBroker kafka,
                                                                 int port) throws Exception {
        // reporting-service's jar is a Boot jar; its compiled classes and resources are loaded from its target directory.
        URLClassLoader loader = new URLClassLoader(new URL[] {classes.toUri().toURL()},
                ReportingBenchmark.class.getClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        Class<?> application = loader.loadClass("com.example.commerce.reporting.ReportingServiceApplication");
        SpringApplication app = new SpringApplication(new DefaultResourceLoader(loader), application);
        Map<String, Object> properties = new HashMap<>();
        properties.put("commerce.db.url", postgres.jdbcUrl(FleetLayout.DATABASE));
        properties.put("commerce.kafka.bootstrap-servers", kafka.bootstrapServers());
        properties.put("commerce.security.issuer-uri", TestIssuer.get().issuer());
        properties.put("server.port", port);
        properties.put("server.address", "127.0.0.1");
        properties.put("logging.level.root", "WARN");
        properties.put("spring.main.banner-mode", "off");
        properties.put(LocalSecrets.ENVIRONMENT_PROPERTY, LocalSecrets.LOCAL);
        // As command-line arguments: they override the service's own application.yml (its port 8089).
        return app.run(properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new));
    }

    /** Events not yet committed by reporting's consumer group, over every partition. */
    private static long lag(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            return lag(admin, ends(admin));
        }
    }

    private static Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends(Admin admin) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (String topic : Topics.eventTopics()) {
            for (int p = 0; p < Topics.PARTITIONS; p++) {
                latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
            }
        }
        return admin.listOffsets(latest).all().get();
    }

    private static long lag(Admin admin, Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("reporting-service")
                .partitionsToOffsetAndMetadata().get();
        long lag = 0;
        for (var end : ends.entrySet()) {
            OffsetAndMetadata done = committed.get(end.getKey());
            lag += end.getValue().offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    /** Waits until reporting's consumer group has committed every partition's end offset. */
    private static void awaitNoLag(String bootstrap, long events) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = ends(admin);
            Instant deadline = Instant.now().plus(Duration.ofHours(3));
            long lastPrinted = 0;
            while (true) {
                long lag = lag(admin, ends);
                if (lag == 0) {
                    return;
                }
                if (System.nanoTime() - lastPrinted > 30e9) {
                    System.out.printf("  %,d of %,d events to go%n", lag, events);
                    lastPrinted = System.nanoTime();
                }
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("reporting did not catch up in 3 hours; " + lag + " events to go");
                }
                Thread.sleep(500); // polling a benchmark's progress, not a test
            }
        }
    }

    private static Map<String, double[]> measureReports(int port, int calls) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        String token = TestTokens.client("dashboards", "reports:read");
        Map<String, double[]> latencies = new java.util.LinkedHashMap<>();
        for (String report : REPORTS) {
            String path = report.contains("?") ? report + "&" : report + "?";
            URI uri = URI.create("http://127.0.0.1:" + port + "/api/v1/reports/" + path + "from=2025-01-01&to=2025-12-31");
            HttpRequest request = HttpRequest.newBuilder(uri).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").GET().build();
            for (int i = 0; i < 20; i++) {
                check(http.send(request, HttpResponse.BodyHandlers.ofString()), report);
            }
            double[] millis = new double[calls];
            for (int i = 0; i < calls; i++) {
                long start = System.nanoTime();
                check(http.send(request, HttpResponse.BodyHandlers.ofString()), report);
                millis[i] = (System.nanoTime() - start) / 1e6;
            }
            java.util.Arrays.sort(millis);
            latencies.put(report, new double[] {percentile(millis, 50), percentile(millis, 95), percentile(millis, 99),
                    millis[millis.length - 1]});
        }
        return latencies;
    }

    private static void check(HttpResponse<String> response, String report) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException(report + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    static double percentile(double[] sorted, int percent) {
        int rank = (int) Math.ceil(sorted.length * percent / 100.0);
        return sorted[Math.max(0, rank - 1)];
    }

    private static Map<String, Long> sizes(PostgresServer postgres) throws Exception {
        Map<String, Long> sizes = new java.util.TreeMap<>();
        try (Connection connection = postgres.connectAsSuperuser(FleetLayout.DATABASE);
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT c.relname, pg_total_relation_size(c.oid) FROM pg_class c"
                     + " JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = 'reporting' AND c.relkind = 'r'")) {
            while (rows.next()) {
                sizes.put(rows.getString(1), rows.getLong(2));
            }
        }
        return sizes;
    }

    private static void report(int orders, long events, double produceSeconds, double ingestSeconds, double steadyRate,
                               Map<String, double[]> latencies, Map<String, Long> sizes, int calls) {
        System.out.println();
        System.out.println("Reporting benchmark: a year of orders' events -> Kafka -> reporting-service (inbox, facts, rollups)");
        System.out.printf("  machine          %d cores, JDK %s, C2 (tiered JIT)%n", Runtime.getRuntime().availableProcessors(),
                Runtime.version());
        System.out.printf("  orders           %,d (%,d events over 8 topics, 6 partitions each)%n", orders, events);
        System.out.printf("  produced         %,.0f events/s (%.1f s)%n", events / produceSeconds, produceSeconds);
        System.out.printf("  ingested         %,.0f events/s once started; %,.0f events/s including the start (%.1f s to no lag)%n",
                steadyRate, events / ingestSeconds, ingestSeconds);
        System.out.printf("  reports          a year's range, %d calls each after 20 warm-up, over HTTP with a token (ms)%n", calls);
        System.out.println("    | report | p50 | p95 | p99 | max |");
        System.out.println("    |---|---:|---:|---:|---:|");
        latencies.forEach((report, ms) -> System.out.printf("    | %s | %.1f | %.1f | %.1f | %.1f |%n", report, ms[0], ms[1],
                ms[2], ms[3]));
        long facts = 0;
        long rollups = 0;
        System.out.println("  storage (table + indexes + TOAST)");
        for (var size : sizes.entrySet()) {
            System.out.printf("    %-24s %,10.1f MB%n", size.getKey(), size.getValue() / 1e6);
            if (size.getKey().startsWith("rollup_")) {
                rollups += size.getValue();
            } else if (size.getKey().endsWith("_fact") || size.getKey().equals("product_dim")) {
                facts += size.getValue();
            }
        }
        System.out.printf("    facts %,.1f MB, rollups %,.1f MB, inbox %,.1f MB%n", facts / 1e6, rollups / 1e6,
                sizes.getOrDefault("inbox_message", 0L) / 1e6);
        System.out.println("  note             PostgreSQL with fsync and synchronous_commit off; one broker, replication 1");
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
}
