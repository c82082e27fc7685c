package com.example.commerce.stack;

import com.example.commerce.kafka.broker.KafkaBrokerDistribution;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;

/**
 * A real Apache Kafka broker in KRaft mode (broker and controller in one process), run from the jars of
 * the {@code kafka-broker} module as a separate JVM listening on 127.0.0.1 only.
 */
public final class KafkaBroker implements AutoCloseable {

    private final ManagedProcess process;
    private final int port;

    private KafkaBroker(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /**
     * Formats {@code directory} on first use, starts the broker and waits until it answers.
     *
     * @param directory where its configuration, data and log go (data is kept between runs)
     */
    public static KafkaBroker start(Path directory, int port, int controllerPort, Duration readyTimeout) {
        KafkaBroker broker = launch(directory, port, controllerPort);
        broker.awaitReady(readyTimeout);
        return broker;
    }

    /**
     * Formats {@code directory} on first use and starts the broker process without waiting for it, so
     * that its start-up overlaps with other work; {@link #awaitReady} waits.
     */
    public static KafkaBroker launch(Path directory, int port, int controllerPort) {
        try {
            Files.createDirectories(directory);
            Path data = directory.resolve("data");
            Path config = directory.resolve("server.properties");
            Path logConfig = directory.resolve("log4j2.properties");
            Files.writeString(config, serverProperties(data, port, controllerPort));
            try (InputStream in = KafkaBroker.class.getResourceAsStream("kafka-log4j2.properties")) {
                Files.write(logConfig, in.readAllBytes());
            }
            Path log = directory.resolve("kafka.log");
            String classpath = KafkaBrokerDistribution.classpath();
            List<String> jvm = List.of(Java.executable(), "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC",
                    "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + logConfig, "-cp", classpath);

            if (!Files.exists(data.resolve("meta.properties"))) {
                List<String> format = new java.util.ArrayList<>(jvm);
                format.addAll(List.of(KafkaBrokerDistribution.STORAGE_TOOL_MAIN_CLASS, "format", "--standalone",
                        "--ignore-formatted", "-t", newClusterId(), "-c", config.toString()));
                int exit = ManagedProcess.start("kafka-format", format, directory, log, Map.of(), Duration.ofSeconds(5))
                        .awaitExit(Duration.ofSeconds(90));
                if (exit != 0) {
                    throw new IllegalStateException("formatting Kafka storage failed (exit " + exit + "); "
                            + LogTail.of(log, 30));
                }
            }

            List<String> run = new java.util.ArrayList<>(jvm);
            run.addAll(List.of(KafkaBrokerDistribution.BROKER_MAIN_CLASS, config.toString()));
            ManagedProcess process = ManagedProcess.start("kafka", run, directory, log, Map.of(), Duration.ofSeconds(30));
            return new KafkaBroker(process, port);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start Kafka in " + directory, e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    public long pid() {
        return process.pid();
    }

    public ManagedProcess process() {
        return process;
    }

    /** The broker as clients reach it. */
    public KafkaEndpoint endpoint() {
        return new KafkaEndpoint(bootstrapServers());
    }

    @Override
    public void close() {
        process.close();
    }

    /** Waits until the broker answers a metadata request; stops it if it does not within {@code timeout}. */
    public void awaitReady(Duration timeout) {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Kafka exited while starting; see " + process.logFile());
            }
            // A fresh client per try: one created before the broker listens backs off for too long.
            if (acceptsConnections()) {
                try (Admin admin = Admin.create(endpoint().adminConfig(Duration.ofSeconds(3)))) {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException notYet) {
                    // still starting
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted while waiting for Kafka", e);
                }
            }
            if (Instant.now().isAfter(deadline)) {
                process.close();
                throw new IllegalStateException("Kafka not ready within " + timeout + "; see " + process.logFile());
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for Kafka", e);
            }
        }
    }

    private boolean acceptsConnections() {
        try (java.net.Socket socket = new java.net.Socket()) {
            socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static String serverProperties(Path data, int port, int controllerPort) {
        return String.join("\n",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.bootstrap.servers=127.0.0.1:" + controllerPort,
                "listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "advertised.listeners=PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort,
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + data,
                "num.partitions=" + com.example.commerce.events.Topics.PARTITIONS,
                "auto.create.topics.enable=false",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=12",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "transaction.state.log.num.partitions=6",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
    }

    /**
     * A random cluster id in the form Kafka expects: a UUID, URL-safe base64 without padding. An id
     * that starts with '-' is drawn again, because the storage tool would read it as an option (one
     * draw in 64 would otherwise fail the format).
     */
    static String newClusterId() {
        while (true) {
            UUID uuid = UUID.randomUUID();
            java.nio.ByteBuffer bytes = java.nio.ByteBuffer.allocate(16)
                    .putLong(uuid.getMostSignificantBits())
                    .putLong(uuid.getLeastSignificantBits());
            String id = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes.array());
            if (!id.startsWith("-")) {
                return id;
            }
        }
    }
}
