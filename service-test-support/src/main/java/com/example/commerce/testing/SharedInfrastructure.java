package com.example.commerce.testing;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.EmbeddedPostgresServer;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.FreePorts;
import com.example.commerce.stack.KafkaBroker;
import com.example.commerce.stack.KafkaEndpoint;
import com.example.commerce.stack.LogTail;
import com.example.commerce.stack.PostgresServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

/**
 * One real PostgreSQL and one real Kafka broker for the whole test JVM, so every test class of a module
 * shares them. Started on first use on free loopback ports, stopped when the JVM exits.
 *
 * <p>By default they run from the embedded PostgreSQL binaries and the broker's jars, with their files
 * under {@code target/test-infrastructure} (the broker's log is there when something goes wrong). With
 * {@code -Dcommerce.test.infrastructure=containers} (or the environment variable
 * {@code COMMERCE_TEST_INFRASTRUCTURE=containers}) they run as Testcontainers instead, which needs a
 * Docker engine.
 */
public final class SharedInfrastructure implements AutoCloseable {

    /** The system property that picks where the servers come from: {@code embedded} or {@code containers}. */
    public static final String SOURCE_PROPERTY = "commerce.test.infrastructure";

    private static SharedInfrastructure instance;

    private final PostgresServer postgres;
    private final KafkaEndpoint kafka;
    private final Runnable stop;

    SharedInfrastructure(PostgresServer postgres, KafkaEndpoint kafka, Runnable stop) {
        this.postgres = postgres;
        this.kafka = kafka;
        this.stop = stop;
    }

    /** The shared servers, started on the first call. */
    public static synchronized SharedInfrastructure get() {
        if (instance == null) {
            instance = "containers".equals(source()) ? ContainerServers.start() : start();
            Runtime.getRuntime().addShutdownHook(new Thread(instance::close, "test-infrastructure-stop"));
        }
        return instance;
    }

    /** {@code embedded} (the default) or {@code containers}, from the system property or the environment. */
    static String source() {
        String source = System.getProperty(SOURCE_PROPERTY, System.getenv("COMMERCE_TEST_INFRASTRUCTURE"));
        if (source == null || source.isBlank()) {
            return "embedded";
        }
        if (!source.equals("embedded") && !source.equals("containers")) {
            throw new IllegalArgumentException(SOURCE_PROPERTY + " must be embedded or containers, not " + source);
        }
        return source;
    }

    private static final int START_ATTEMPTS = 3;

    /**
     * Starts both servers, trying again on fresh ports and a fresh directory when one of them fails to
     * come up (a shared CI machine can lose a port race or a slow start). Each failure is printed with
     * the tail of the server's log, so the cause shows in the build output, not only in a file.
     */
    private static SharedInfrastructure start() {
        Path root = Path.of("target", "test-infrastructure").toAbsolutePath();
        deleteRecursively(root);
        IllegalStateException failure = null;
        for (int attempt = 1; attempt <= START_ATTEMPTS; attempt++) {
            Path directory = attempt == 1 ? root : root.resolveSibling("test-infrastructure-retry-" + attempt);
            deleteRecursively(directory);
            try {
                return startIn(directory);
            } catch (RuntimeException e) {
                IllegalStateException attemptFailure = new IllegalStateException(
                        "could not start the test infrastructure (attempt " + attempt + " of " + START_ATTEMPTS
                        + ") in " + directory + ": " + e.getMessage() + System.lineSeparator()
                        + LogTail.of(directory.resolve("kafka").resolve("kafka.log"), 40), e);
                if (failure != null) {
                    attemptFailure.addSuppressed(failure);
                }
                failure = attemptFailure;
                System.err.println(failure.getMessage());
                e.printStackTrace();
            }
        }
        throw failure;
    }

    private static SharedInfrastructure startIn(Path directory) {
        PostgresServer postgres = EmbeddedPostgresServer.start(directory.resolve("postgres"), FreePorts.any());
        KafkaBroker kafka;
        try {
            postgres.provision(FleetLayout.DATABASE, FleetLayout.schemas());
            DashboardRoles.create(postgres);
            int port = FreePorts.any();
            int controllerPort = FreePorts.anyExcept(port);
            kafka = KafkaBroker.start(directory.resolve("kafka"), port, controllerPort, Duration.ofSeconds(90));
        } catch (SQLException | RuntimeException e) {
            postgres.close();
            throw new IllegalStateException(e.getMessage(), e);
        }
        try {
            kafka.endpoint().createTopics(Topics.all(), Topics.PARTITIONS);
        } catch (RuntimeException e) {
            kafka.close();
            postgres.close();
            throw e;
        }
        return new SharedInfrastructure(postgres, kafka.endpoint(), () -> {
            try {
                kafka.close();
            } finally {
                postgres.close();
            }
        });
    }

    public PostgresServer postgres() {
        return postgres;
    }

    public KafkaEndpoint kafka() {
        return kafka;
    }

    /** The fleet's database, where every service schema and role already exists. */
    public String databaseUrl() {
        return postgres.jdbcUrl(FleetLayout.DATABASE);
    }

    public String bootstrapServers() {
        return kafka.bootstrapServers();
    }

    /** Adds a schema and role beyond the fleet's (for tests of the provisioning itself). */
    public void provision(List<String> schemas) {
        try {
            postgres.provision(FleetLayout.DATABASE, schemas);
        } catch (SQLException e) {
            throw new IllegalStateException("could not provision " + schemas, e);
        }
    }

    /** Stops both servers: the JVM's exit does it for the shared instance. */
    @Override
    public void close() {
        stop.run();
    }

    private static void deleteRecursively(Path directory) {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
