package com.example.commerce.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real PostgreSQL and Kafka the launcher and the tests rely on, started from this module's code. */
class InfrastructureIntegrationTests {

    @TempDir
    static Path directory;

    private static PostgresServer postgres;
    private static KafkaBroker kafka;

    @BeforeAll
    static void start() throws SQLException {
        postgres = EmbeddedPostgresServer.start(directory.resolve("postgres"), FreePorts.any());
        postgres.provision(FleetLayout.DATABASE, FleetLayout.schemas());
        kafka = KafkaBroker.start(directory.resolve("kafka"), FreePorts.any(), FreePorts.any(), Duration.ofSeconds(90));
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void aServiceRoleWorksInItsOwnSchemaOnly() throws SQLException {
        try (Connection catalog = DriverManager.getConnection(postgres.jdbcUrl(FleetLayout.DATABASE), "catalog", "catalog");
             Statement statement = catalog.createStatement()) {
            statement.execute("CREATE TABLE product_probe (id int)");
            statement.execute("INSERT INTO product_probe VALUES (1)");
            try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM catalog.product_probe")) {
                rows.next();
                assertThat(rows.getInt(1)).isEqualTo(1);
            }
            assertThatThrownBy(() -> statement.execute("CREATE TABLE payment.stolen (id int)"))
                    .hasMessageContaining("permission denied for schema payment");
            assertThatThrownBy(() -> statement.execute("CREATE TABLE public.stray (id int)"))
                    .hasMessageContaining("permission denied for schema public");
        }
    }

    @Test
    void provisioningTwiceChangesNothing() throws SQLException {
        postgres.provision(FleetLayout.DATABASE, FleetLayout.schemas());
        try (Connection admin = postgres.connectAsSuperuser(FleetLayout.DATABASE);
             Statement statement = admin.createStatement();
             ResultSet rows = statement.executeQuery(
                     "SELECT count(*) FROM pg_namespace n JOIN pg_roles r ON r.oid = n.nspowner WHERE n.nspname = r.rolname")) {
            rows.next();
            assertThat(rows.getInt(1)).isEqualTo(FleetLayout.schemas().size());
        }
    }

    @Test
    void theBrokerCreatesTopicsAndCarriesRecords() {
        kafka.endpoint().createTopics(Topics.all(), Topics.PARTITIONS);
        kafka.endpoint().createTopics(List.of(Topics.ORDER_EVENTS), Topics.PARTITIONS);
        assertThat(kafka.endpoint().topics()).containsAll(Topics.all());

        Properties producerConfig = new Properties();
        producerConfig.putAll(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName(),
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName()));
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            producer.send(new ProducerRecord<>(Topics.CATALOG_EVENTS, "sku-1", "hello")).get();
        } catch (Exception e) {
            throw new AssertionError("the broker did not take the record", e);
        }

        Properties consumerConfig = new Properties();
        consumerConfig.putAll(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "infrastructure-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName(),
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName()));
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of(Topics.CATALOG_EVENTS));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            ConsumerRecord<String, String> received = null;
            while (received == null && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    received = record;
                }
            }
            assertThat(received).isNotNull();
            assertThat(received.key()).isEqualTo("sku-1");
            assertThat(new String(received.value().getBytes(StandardCharsets.UTF_8))).isEqualTo("hello");
        }
    }
}
