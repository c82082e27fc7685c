package com.example.commerce.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.example.commerce.events.Topics;
import com.example.commerce.stack.FleetLayout;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import javax.sql.DataSource;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaAdmin;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What every service must show once it has booted for real: healthy, its schema owned by Flyway and its
 * own role, no reach into another service's schema, metrics tagged with its name, only the three
 * Actuator endpoints exposed (open without a token, the health's details only for {@code ops:health}), an OpenAPI
 * document that names the service (title, version, description) and declares the bearer scheme,
 * problem+json errors, a working Kafka client, and the operations API of its dead letters, which needs
 * a token with {@code ops:dead-letters} (401 without a token, 403 without the scope).
 *
 * <p>Each service has one {@code <Service>BootIntegrationTests extends ServiceBootChecks}.
 */
@ServiceIntegrationTest
public abstract class ServiceBootChecks {

    private final HttpClient http = HttpClient.newHttpClient();

    @LocalServerPort
    private int port;

    @Value("${spring.application.name}")
    private String applicationName;

    @Value("${commerce.service.schema}")
    private String schema;

    @Autowired
    private DataSource dataSource;

    @Autowired
    private KafkaAdmin kafkaAdmin;

    @Test
    void reportsHealthy() throws Exception {
        HttpResponse<String> health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).contains("\"status\":\"UP\"");
    }

    @Test
    void logsInAsItsOwnRoleWithFlywayOwningItsSchema() {
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThat(jdbc.queryForObject("SELECT current_user", String.class)).isEqualTo(schema);
        Integer applied = jdbc.queryForObject(
                "SELECT count(*) FROM " + schema + ".flyway_schema_history WHERE success", Integer.class);
        assertThat(applied).isPositive();
        Integer ownTables = jdbc.queryForObject(
                "SELECT count(*) FROM pg_tables WHERE schemaname = ? AND tablename <> 'flyway_schema_history'",
                Integer.class, schema);
        assertThat(ownTables).as("tables created by the service's own migrations").isPositive();
    }

    @Test
    void cannotReachAnotherServicesSchema() throws SQLException {
        String other = FleetLayout.schemas().stream().filter(s -> !s.equals(schema)).findFirst().orElseThrow();
        try (Connection admin = SharedInfrastructure.get().postgres().connectAsSuperuser(FleetLayout.DATABASE);
             Statement statement = admin.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS " + other + ".boot_check_secret (id int)");
        }
        JdbcTemplate jdbc = new JdbcTemplate(dataSource);
        assertThatThrownBy(() -> jdbc.queryForList("SELECT * FROM " + other + ".boot_check_secret"))
                .rootCause().hasMessageContaining("permission denied for schema " + other);
        assertThatThrownBy(() -> jdbc.execute("CREATE TABLE public.boot_check_intrusion (id int)"))
                .rootCause().hasMessageContaining("permission denied for schema public");
    }

    @Test
    void tagsEveryMetricWithTheApplicationName() throws Exception {
        HttpResponse<String> metrics = get("/actuator/prometheus");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("jvm_memory_used_bytes{application=\"" + applicationName + "\"")
                .contains("hikaricp_connections_active{application=\"" + applicationName + "\"");
    }

    @Test
    void exposesOnlyHealthInfoAndPrometheus() throws Exception {
        assertThat(get("/actuator/info").statusCode()).isEqualTo(200);
        assertThat(get("/actuator/info").body()).contains("\"schema\":\"" + schema + "\"");
        for (String hidden : new String[] {"/actuator", "/actuator/env", "/actuator/beans", "/actuator/heapdump",
                "/actuator/loggers", "/actuator/threaddump", "/actuator/configprops", "/actuator/mappings",
                "/actuator/metrics", "/actuator/scheduledtasks", "/actuator/sbom", "/actuator/shutdown"}) {
            assertThat(get(hidden).statusCode()).as(hidden + " without a token").isEqualTo(401);
            assertThat(get(hidden, operatorToken()).statusCode()).as(hidden + " with a token").isEqualTo(404);
            assertThat(get(hidden, healthOperatorToken()).statusCode()).as(hidden + " with ops:health").isEqualTo(404);
        }
    }

    @Test
    void showsTheHealthsDetailsToOperatorsOnly() throws Exception {
        for (HttpResponse<String> health : List.of(get("/actuator/health"), get("/actuator/health", tokenWithoutScopes()))) {
            assertThat(health.statusCode()).isEqualTo(200);
            assertThat(health.body()).contains("\"status\":\"UP\"").doesNotContain("components").doesNotContain("db");
        }
        HttpResponse<String> operator = get("/actuator/health", healthOperatorToken());
        assertThat(operator.statusCode()).isEqualTo(200);
        assertThat(operator.body()).contains("\"components\"").contains("\"db\"").contains("\"details\"");
        assertThat(get("/actuator/health/db").statusCode()).as("a component alone is a detail too").isEqualTo(404);
        assertThat(get("/actuator/health/db", healthOperatorToken()).statusCode()).isEqualTo(200);
    }

    @Test
    void publishesAnOpenApiDocumentThatNamesTheService() throws Exception {
        HttpResponse<String> document = get("/v3/api-docs");
        assertThat(document.statusCode()).isEqualTo(200);
        assertThat(document.body()).contains("\"openapi\":\"3.");
        JsonNode info = JsonMapper.builder().build().readTree(document.body()).get("info");
        assertThat(info.get("title").asString()).isEqualTo(applicationName);
        assertThat(info.get("version").asString()).as("the build's version").matches("\\d+\\.\\d+\\.\\d+.*");
        assertThat(info.get("description").asString()).as("what the service does").hasSizeGreaterThan(20);
    }

    @Test
    void answersAnUnknownPathWithAProblemDetail() throws Exception {
        HttpResponse<String> response = get("/api/v1/no-such-resource", operatorToken());
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body()).contains("\"type\":\"urn:commerce:problem:not-found\"");
    }

    @Test
    void servesItsDeadLettersToOperations() throws Exception {
        HttpResponse<String> page = get("/api/v1/ops/dead-letters?status=PENDING&size=5", operatorToken());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"items\":[").contains("\"size\":5");
        HttpResponse<String> unknown = get("/api/v1/ops/dead-letters/" + UUID.randomUUID(), operatorToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"type\":\"urn:commerce:problem:not-found\"");
        assertThat(get("/actuator/prometheus").body())
                .contains("commerce_kafka_dead_letters_pending{application=\"" + applicationName + "\"");
    }

    @Test
    void servesItsParkedOutboxEventsToOperationsOnly() throws Exception {
        HttpResponse<String> page = get("/api/v1/ops/outbox/parked?size=5", operatorToken());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("\"items\":[").contains("\"size\":5").contains("\"totalItems\":");
        HttpResponse<String> unknown = get("/api/v1/ops/outbox/parked/" + UUID.randomUUID(), operatorToken());
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.body()).contains("\"type\":\"urn:commerce:problem:not-found\"");
        assertThat(get("/api/v1/ops/outbox/parked?size=0", operatorToken()).statusCode()).isEqualTo(400);
        assertThat(get("/api/v1/ops/outbox/parked").statusCode()).isEqualTo(401);
        assertThat(get("/api/v1/ops/outbox/parked", tokenWithoutScopes()).statusCode()).isEqualTo(403);
        assertThat(get("/actuator/prometheus").body())
                .contains("commerce_outbox_parked{application=\"" + applicationName + "\"");
    }

    @Test
    void keepsItsDeadLettersFromCallersWithoutTheOperationsScope() throws Exception {
        HttpResponse<String> anonymous = get("/api/v1/ops/dead-letters");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                value -> assertThat(value).startsWith("Bearer"));
        assertThat(anonymous.body()).contains("\"type\":\"urn:commerce:problem:unauthorized\"");
        HttpResponse<String> customer = get("/api/v1/ops/dead-letters", tokenWithoutScopes());
        assertThat(customer.statusCode()).isEqualTo(403);
        assertThat(customer.body()).contains("\"type\":\"urn:commerce:problem:forbidden\"");
        assertThat(get("/api/v1/no-such-resource").statusCode()).as("anything else needs a token too").isEqualTo(401);
    }

    @Test
    void declaresTheBearerSchemeInItsOpenApiDocument() throws Exception {
        String document = get("/v3/api-docs").body();
        assertThat(document).contains("\"bearer-jwt\":{").contains("\"scheme\":\"bearer\"")
                .contains("\"bearer-jwt\":[\"ops:dead-letters\"]");
    }

    @Test
    void reachesTheKafkaBroker() {
        Map<String, TopicDescription> topics = kafkaAdmin.describeTopics(Topics.ORDER_EVENTS);
        assertThat(topics.get(Topics.ORDER_EVENTS).partitions()).hasSize(Topics.PARTITIONS);
    }

    /**
     * A token with {@code ops:dead-letters} that this service accepts: by default from the test issuer
     * (customer-service, the issuer itself, gets one from its own token endpoint).
     */
    protected String operatorToken() throws Exception {
        return TestTokens.opsConsole();
    }

    /** A token with {@code ops:health}, which shows the health's details: by default from the test issuer. */
    protected String healthOperatorToken() throws Exception {
        return TestTokens.client("ops-console", "ops:health");
    }

    /** A valid token without any scope (a customer's). */
    protected String tokenWithoutScopes() throws Exception {
        return TestTokens.customer(UUID.randomUUID());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** This service's base URL, {@code http://127.0.0.1:<port>}. */
    protected String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .header(TestTokens.AUTHORIZATION, TestTokens.bearer(token)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
