package com.example.commerce.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.DemoIdentity;
import com.example.commerce.stack.Fleet;
import com.example.commerce.stack.FleetLayout;
import com.example.commerce.stack.ProcessStatus;
import com.example.commerce.stack.TokenClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole fleet, started by the launcher's own code on free ports (the {@link LauncherFleet}, which
 * DemoCatalogueSystemTests used first): every process healthy, every
 * service's schema migrated by Flyway and closed to the others, a demo customer signed in through the
 * real authorization-code flow whose token every service trusts (also after the issuer restarts), and
 * nothing left running afterwards.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FleetStartupSystemTests {

    private static Fleet fleet;
    private static List<Long> pids;

    @RegisterExtension
    static final LauncherFleet launcher = new LauncherFleet();

    @BeforeAll
    static void useTheLaunchersFleet() {
        fleet = launcher.fleet();
        pids = fleet.pids();
    }

    private static HttpResponse<String> call(String service, String method, String path, String json, String token)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(fleet.baseUrl(service) + path))
                .timeout(Duration.ofSeconds(20)).header("Content-Type", "application/json")
                .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        try (HttpClient http = HttpClient.newHttpClient()) {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
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
    void aCustomerSignsInAndEveryServiceTrustsTheTokenAlsoAfterTheIssuerRestarts() throws Exception {
        TokenClient issuer = new TokenClient(fleet.issuerUri());
        DemoIdentity.Customer alice = DemoIdentity.customer("alice@example.com").orElseThrow();
        TokenClient.Tokens signedIn = issuer.signIn(alice.email(), alice.password());
        DemoIdentity.Client importer = DemoIdentity.client("catalog-importer").orElseThrow();
        DemoIdentity.Client ops = DemoIdentity.client("ops-console").orElseThrow();
        String product = "{\"sku\":\"SIGN-IN-1\",\"name\":\"Mug\",\"price\":{\"amountMinor\":100,\"currency\":\"EUR\"}}";

        assertThat(call("customer-service", "GET", "/api/v1/customers/me", null, signedIn.accessToken()).body())
                .contains("\"email\":\"alice@example.com\"");
        assertThat(call("catalog-service", "POST", "/api/v1/products", product, null).statusCode()).isEqualTo(401);
        assertThat(call("catalog-service", "POST", "/api/v1/products", product, signedIn.accessToken()).statusCode())
                .as("a customer's valid token without catalog:write").isEqualTo(403);
        assertThat(call("catalog-service", "POST", "/api/v1/products", product,
                issuer.clientCredentials(importer.clientId(), importer.secret()).accessToken()).statusCode()).isEqualTo(201);
        assertThat(call("cart-service", "GET", "/api/v1/ops/dead-letters", null,
                issuer.clientCredentials(ops.clientId(), ops.secret()).accessToken()).statusCode()).isEqualTo(200);

        fleet.kill("customer-service");
        fleet.restart("customer-service");
        pids = fleet.pids();

        assertThat(call("customer-service", "GET", "/api/v1/customers/me", null, signedIn.accessToken()).statusCode())
                .as("the issuer's own API after its restart").isEqualTo(200);
        assertThat(call("catalog-service", "POST", "/api/v1/products", product, signedIn.accessToken()).statusCode())
                .as("still a valid token to another service").isEqualTo(403);
        TokenClient.Tokens refreshed = issuer.refresh(TokenClient.STOREFRONT, signedIn.refreshToken());
        assertThat(call("customer-service", "GET", "/api/v1/customers/me", null, refreshed.accessToken()).statusCode())
                .isEqualTo(200);
    }

    @Test
    @Order(6)
    void stoppingTheFleetLeavesNothingRunning() {
        assertThat(pids).hasSizeGreaterThanOrEqualTo(12);
        launcher.stop();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(pids).noneMatch(pid -> ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)));
    }
}
