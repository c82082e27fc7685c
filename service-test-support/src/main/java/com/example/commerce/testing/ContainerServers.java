package com.example.commerce.testing;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.ExternalPostgresServer;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.KafkaEndpoint;
import com.example.commerce.stack.PostgresServer;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import java.sql.SQLException;
import java.util.Arrays;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.postgresql.PostgreSQLContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The shared servers as Testcontainers, for a machine that has a Docker engine: the same PostgreSQL
 * major version and Kafka version as the embedded ones, provisioned the same way (a schema and a role
 * per service, the fleet's topics). Their ports are published on 127.0.0.1 only.
 */
final class ContainerServers {

    static final DockerImageName POSTGRES = DockerImageName.parse("postgres:18");
    static final DockerImageName KAFKA = DockerImageName.parse("apache/kafka:4.3.1");

    private ContainerServers() {
    }

    /** Whether a Docker engine answers (Testcontainers asks it once per JVM). */
    static boolean dockerAvailable() {
        return DockerClientFactory.instance().isDockerAvailable();
    }

    static SharedInfrastructure start() {
        if (!dockerAvailable()) {
            throw new IllegalStateException(SharedInfrastructure.SOURCE_PROPERTY + "=containers needs a Docker engine, "
                    + "and none answers; leave the property out to run on embedded servers");
        }
        PostgreSQLContainer postgres = onLoopback(new PostgreSQLContainer(POSTGRES));
        KafkaContainer kafka = onLoopback(new KafkaContainer(KAFKA));
        Runnable stop = () -> {
            try {
                kafka.stop();
            } finally {
                postgres.stop();
            }
        };
        try {
            Startables.deepStart(postgres, kafka).join();
            PostgresServer server = new ExternalPostgresServer(postgres.getHost(),
                    postgres.getMappedPort(PostgreSQLContainer.POSTGRESQL_PORT), postgres.getUsername(),
                    postgres.getPassword());
            server.provision(FleetLayout.DATABASE, FleetLayout.schemas());
            DashboardRoles.create(server);
            KafkaEndpoint endpoint = new KafkaEndpoint(kafka.getBootstrapServers());
            endpoint.createTopics(Topics.all(), Topics.PARTITIONS);
            return new SharedInfrastructure(server, endpoint, stop);
        } catch (SQLException | RuntimeException e) {
            stop.run();
            throw new IllegalStateException("could not start the test containers: " + e.getMessage(), e);
        }
    }

    /** Publishes every exposed port of {@code container} on 127.0.0.1 only, on a port Docker picks. */
    private static <T extends GenericContainer<?>> T onLoopback(T container) {
        container.withCreateContainerCmdModifier(command -> command.getHostConfig().withPortBindings(
                Arrays.stream(command.getExposedPorts())
                        .map(port -> new PortBinding(Ports.Binding.bindIp("127.0.0.1"), port))
                        .toList()));
        return container;
    }
}
