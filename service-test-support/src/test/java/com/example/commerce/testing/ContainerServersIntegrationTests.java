package com.example.commerce.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.FleetLayout;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The container variant of the shared servers, provisioned like the embedded ones. Runs where a Docker
 * engine answers and skips cleanly where none does (CI here has none). The whole suite runs on these
 * servers with {@code ./mvnw verify -Dcommerce.test.infrastructure=containers}.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerServersIntegrationTests {

    private static SharedInfrastructure servers;

    @BeforeAll
    static void start() {
        servers = ContainerServers.start();
    }

    @AfterAll
    static void stop() {
        if (servers != null) {
            servers.close();
        }
    }

    @Test
    void eachServiceLogsInAsItsOwnRoleThatCannotReachAnotherSchema() throws Exception {
        String url = servers.databaseUrl();
        try (Connection orders = DriverManager.getConnection(url, "orders", "orders");
             Statement statement = orders.createStatement()) {
            statement.execute("CREATE TABLE orders.container_probe (id int)");
            assertThatThrownBy(() -> statement.executeQuery("SELECT 1 FROM payment.container_probe"))
                    .hasMessageContaining("permission denied for schema payment");
        }
        try (Connection admin = servers.postgres().connectAsSuperuser(FleetLayout.DATABASE);
             ResultSet schemas = admin.createStatement().executeQuery(
                     "SELECT count(*) FROM information_schema.schemata WHERE schema_name = ANY ('{"
                             + String.join(",", FleetLayout.schemas()) + "}')")) {
            schemas.next();
            assertThat(schemas.getInt(1)).isEqualTo(FleetLayout.schemas().size());
        }
    }

    @Test
    void everyTopicExistsWithItsPartitionsAndCarriesARecord() throws Exception {
        Map<String, Object> admin = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers());
        try (Admin client = Admin.create(admin)) {
            Map<String, TopicDescription> topics = client.describeTopics(Topics.all()).allTopicNames().get();
            assertThat(topics).hasSize(Topics.all().size());
            assertThat(topics.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(Topics.PARTITIONS));
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers.bootstrapServers()),
                new StringSerializer(), new ByteArraySerializer())) {
            producer.send(new ProducerRecord<>(Topics.CATALOG_EVENTS, "probe", new byte[] {1})).get();
        }
        try (KafkaConsumer<String, byte[]> reader = servers.kafka().readerOf(Topics.CATALOG_EVENTS)) {
            ConsumerRecord<String, byte[]> record = reader.poll(Duration.ofSeconds(30)).iterator().next();
            assertThat(record.key()).isEqualTo("probe");
        }
    }
}
