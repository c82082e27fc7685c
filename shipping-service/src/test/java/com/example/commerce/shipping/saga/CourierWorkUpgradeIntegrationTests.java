package com.example.commerce.shipping.saga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.shipping.CourierGate;
import com.example.commerce.shipping.CourierSimulator;
import com.example.commerce.shipping.ShippingServiceApplication;
import com.example.commerce.stack.LocalSecrets;
import com.example.commerce.testing.SharedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * An upgrade from the version that leased courier work on the shipment row (V3: next_attempt_at, leased_until,
 * lease_owner, lease_token) to work rows: a schema of its own is migrated to V3 and holds what that version left
 * pending (a booking due, a booking in flight when it stopped, a cancel, a release, and a shipment with nothing
 * due); V4 turns each pending step into one work row; then the service starts on that schema and its workers
 * perform every step at the courier.
 */
class CourierWorkUpgradeIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(30);
    private static final String ADDRESS =
            "{\"line1\":\"1 Main Street\",\"city\":\"Berlin\",\"postalCode\":\"10115\",\"country\":\"DE\"}";

    private final CourierSimulator courier = CourierSimulator.get();

    @Test
    void courierWorkPendingBeforeTheUpgradeIsEnqueuedByTheMigrationAndRunsAfterIt() {
        SharedInfrastructure infrastructure = SharedInfrastructure.get();
        String schema = "shipping_upgrade_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
        infrastructure.provision(List.of(schema));
        DataSource dataSource = new DriverManagerDataSource(infrastructure.databaseUrl(), schema, schema);
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        migrate(dataSource, schema, "db/commerce-starter", "commerce_starter_history", null);
        migrate(dataSource, schema, "db/migration", "flyway_schema_history", "3");

        UUID bookDue = UUID.randomUUID();
        UUID bookInFlight = UUID.randomUUID();
        UUID cancelDue = UUID.randomUUID();
        UUID releaseDue = UUID.randomUUID();
        UUID nothingDue = UUID.randomUUID();
        UUID bookDueShipment = oldShipment(jdbc, bookDue, "CREATED", 0, "now()", null, null, null);
        UUID inFlightShipment = oldShipment(jdbc, bookInFlight, "CREATED", 1, "now()", "now() + interval '1 minute'",
                null, null);
        UUID cancelShipment = oldShipment(jdbc, cancelDue, "CREATED", 1, "now()", null, "CUSTOMER_REQUEST", null);
        UUID releaseShipment = oldShipment(jdbc, releaseDue, "FAILED", 1, "now()", null, null, "COURIER_UNAVAILABLE");
        UUID idleShipment = oldShipment(jdbc, nothingDue, "CANCELLED", 0, null, null, "CUSTOMER_REQUEST", null);

        migrate(dataSource, schema, "db/migration", "flyway_schema_history", null);

        Map<String, String> pending = Map.of(
                bookDueShipment + ":BOOK:1", "BOOK", inFlightShipment + ":BOOK:1", "BOOK",
                cancelShipment + ":CANCEL:1", "CANCEL", releaseShipment + ":RELEASE:1", "RELEASE");
        List<Map<String, Object>> rows = jdbc.queryForList(
                "SELECT work_key, payload, status FROM work_item WHERE kind = 'shipping.courier'");
        assertThat(rows).extracting(row -> row.get("work_key")).containsExactlyInAnyOrderElementsOf(pending.keySet());
        assertThat(rows).allSatisfy(row -> {
            assertThat(row.get("status")).isEqualTo("DUE");
            assertThat((String) row.get("payload")).contains((String) pending.get(row.get("work_key")))
                    .contains(((String) row.get("work_key")).substring(0, 36));
        });
        assertThat(jdbc.queryForObject("SELECT courier_work IS NULL FROM shipment WHERE id = ?", Boolean.class,
                idleShipment)).isTrue();
        assertThat(jdbc.queryForList("""
                SELECT column_name FROM information_schema.columns WHERE table_schema = ? AND table_name = 'shipment'
                  AND column_name IN ('next_attempt_at', 'leased_until', 'lease_owner', 'lease_token')""",
                String.class, schema)).isEmpty();

        courier.reset();
        courier.behave("{\"autoAdvance\":false}");
        try (ConfigurableApplicationContext service = start(schema, infrastructure)) {
            await("every step performed").atMost(PATIENCE).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM work_item WHERE kind = 'shipping.courier' AND status = 'DONE'",
                    Integer.class) == pending.size());
        } finally {
            courier.reset();
        }

        assertThat(status(jdbc, bookDue)).isEqualTo("BOOKED");
        assertThat(status(jdbc, bookInFlight)).isEqualTo("BOOKED");
        assertThat(courier.bookings(bookDue)).singleElement()
                .satisfies(booking -> assertThat(booking.get("status").asString()).isEqualTo("BOOKED"));
        assertThat(courier.bookings(bookInFlight)).hasSize(1);
        assertThat(status(jdbc, cancelDue)).isEqualTo("CANCELLED");
        assertThat(courier.bookings(cancelDue)).singleElement()
                .satisfies(booking -> assertThat(booking.get("status").asString()).isEqualTo("CANCELLED"));
        assertThat(status(jdbc, releaseDue)).isEqualTo("FAILED");
        assertThat(courier.bookings(releaseDue)).singleElement()
                .satisfies(booking -> assertThat(booking.get("status").asString()).isEqualTo("CANCELLED"));
        assertThat(jdbc.queryForObject("""
                SELECT count(*) FROM tracking_event t JOIN shipment s ON s.id = t.shipment_id
                WHERE s.order_id = ? AND t.status = 'RELEASED'""", Integer.class, releaseDue)).isOne();
        assertThat(courier.bookings(nothingDue)).isEmpty();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM shipment WHERE courier_work IS NOT NULL", Integer.class))
                .isZero();
    }

    /** A shipment as the V3 version wrote it: its courier work due at {@code dueAt}, leased until {@code leasedUntil}. */
    private static UUID oldShipment(JdbcTemplate jdbc, UUID orderId, String status, int bookingAttempts, String dueAt,
                                    String leasedUntil, String cancelReason, String failureReason) {
        UUID id = UUID.randomUUID();
        jdbc.update("""
                INSERT INTO shipment (id, order_id, customer_id, status, address_json, parcels_json, booking_key,
                                      booking_attempts, next_attempt_at, cancel_reason, failure_reason, leased_until,
                                      lease_owner, lease_token, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, '[{"sku":"SKU-MUG","quantity":1}]', ?, ?, %s, ?, ?, %s, %s, %d, now(), now(), 0)"""
                        .formatted(dueAt == null ? "NULL" : dueAt, leasedUntil == null ? "NULL" : leasedUntil,
                                leasedUntil == null ? "NULL" : "'shipping-old'", leasedUntil == null ? 0 : 1),
                id, orderId, UUID.randomUUID(), status, ADDRESS, orderId + ":book", bookingAttempts, cancelReason,
                failureReason);
        return id;
    }

    private static String status(JdbcTemplate jdbc, UUID orderId) {
        return jdbc.queryForObject("SELECT status FROM shipment WHERE order_id = ?", String.class, orderId);
    }

    private static void migrate(DataSource dataSource, String schema, String location, String table, String target) {
        var configuration = Flyway.configure().dataSource(dataSource).schemas(schema).defaultSchema(schema)
                .createSchemas(false).locations("classpath:" + location).table(table)
                .baselineOnMigrate(true).baselineVersion("0");
        if (target != null) {
            configuration.target(target);
        }
        configuration.load().migrate();
    }

    /** The new version of the service on the upgraded schema, its Kafka listeners and outbox relay off. */
    private static ConfigurableApplicationContext start(String schema, SharedInfrastructure infrastructure) {
        // Command-line arguments: they win over the service's application.yml, as an operator's settings do.
        List<String> arguments = new ArrayList<>(LocalSecrets.testArguments());
        arguments.addAll(List.of(
                "--commerce.service.schema=" + schema,
                "--spring.application.name=shipping-upgrade-test",
                "--commerce.db.url=" + infrastructure.databaseUrl(),
                "--commerce.kafka.bootstrap-servers=" + infrastructure.bootstrapServers(),
                "--server.port=0",
                "--spring.kafka.listener.auto-startup=false",
                "--commerce.outbox.enabled=false",
                "--commerce.shipping.courier.base-url=" + CourierGate.get().baseUrl(),
                "--commerce.shipping.courier.retry-after=300ms",
                "--commerce.work.sweep-interval=500ms"));
        return new SpringApplicationBuilder(ShippingServiceApplication.class).run(arguments.toArray(String[]::new));
    }
}
