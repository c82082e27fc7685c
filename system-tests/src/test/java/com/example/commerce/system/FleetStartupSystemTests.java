package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.FleetOptions;
import com.example.commerce.stack.ProcessStatus;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The whole fleet, started by the launcher's own code on free ports: every process healthy, every
 * service's schema migrated by Flyway and closed to the others, and nothing left running afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetStartupSystemTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private static Fleet fleet;
    private static List<Long> pids;

    @BeforeAll
    static void startFleet() {
        FleetOptions options = new FleetOptions(ROOT, Path.of("target", "fleet").toAbsolutePath(), true,
                Optional.empty(), FleetOptions.Ports.free(), false, Duration.ofMinutes(5));
        fleet = Fleet.start(options, message -> System.out.println("[fleet] " + message));
        pids = fleet.pids();
        System.out.println("[fleet] healthy after " + fleet.startupTime().toSeconds() + " s");
    }

    @AfterAll
    static void stopFleet() {
        if (fleet != null) {
            fleet.close();
        }
    }

    @Test
    @Order(1)
    void everyProcessIsHealthy() {
        List<ProcessStatus> statuses = fleet.statuses();
        assertThat(statuses).hasSize(10);
        assertThat(statuses).allSatisfy(status -> assertThat(status.health()).as(status.name()).isEqualTo("UP"));
        assertThat(fleet.statusTable()).contains("order-service").contains("/v3/api-docs");
    }

    @Test
    @Order(2)
    void everyServiceHasItsFlywayHistoryInItsOwnSchema() throws SQLException {
        try (Connection admin = fleet.postgres().connectAsSuperuser(FleetLayout.DATABASE);
             Statement statement = admin.createStatement()) {
            for (String schema : FleetLayout.schemas()) {
                try (ResultSet rows = statement.executeQuery(
                        "SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success")) {
                    rows.next();
                    assertThat(rows.getInt(1)).as(schema).isPositive();
                }
            }
        }
    }

    @Test
    @Order(3)
    void aServiceRoleCannotReadAnotherServicesSchema() throws SQLException {
        try (Connection orders = DriverManager.getConnection(fleet.databaseUrl(), "orders", "orders");
             Statement statement = orders.createStatement()) {
            statement.executeQuery("SELECT count(*) FROM orders.flyway_schema_history").close();
            assertThatThrownBy(() -> statement.executeQuery("SELECT count(*) FROM payment.flyway_schema_history"))
                    .isInstanceOf(SQLException.class)
                    .hasMessageContaining("permission denied for schema payment");
        }
    }

    @Test
    @Order(4)
    void theBrokerHasEveryTopicAndDeadLetterTopic() {
        assertThat(fleet.kafka().endpoint().topics()).containsAll(Topics.all());
    }

    @Test
    @Order(5)
    void stoppingTheFleetLeavesNothingRunning() {
        assertThat(pids).hasSizeGreaterThanOrEqualTo(12);
        fleet.close();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }
}
