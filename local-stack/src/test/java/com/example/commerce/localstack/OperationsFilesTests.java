package com.example.commerce.localstack;

import static org.assertj.core.api.Assertions.assertThat;

import com.example.commerce.stack.PrometheusServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The operations files as code: Prometheus's own checker accepts the configurations and rules, every alert passes
 * its unit tests and carries what an operator needs (severity, summary, description, a runbook section that
 * exists), and every dashboard follows the conventions (a data source variable, service and instance variables,
 * units, titles and descriptions, no hard-coded instance). What the queries return on a live fleet is checked by
 * {@code OperationsSystemTests}.
 */
class OperationsFilesTests {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final Path PROMETHEUS = ROOT.resolve("ops/prometheus");
    private static final Path DASHBOARDS = ROOT.resolve("ops/grafana/dashboards");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @BeforeAll
    static void promtoolIsThere() {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        if (!ci) {
            Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/promtool")),
                    "promtool is not installed (CI installs Debian's prometheus package)");
        }
    }

    @Test
    void promtoolAcceptsBothConfigurationsAndTheRules() throws Exception {
        assertThat(promtool("check", "config", "prometheus.yml")).contains("SUCCESS");
        assertThat(promtool("check", "config", "prometheus-compose.yml")).contains("SUCCESS");
        assertThat(promtool("check", "rules", "rules/recording.yml", "rules/alerts.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertPassesItsUnitTests() throws Exception {
        assertThat(promtool("test", "rules", "tests/alerts-test.yml")).contains("SUCCESS");
    }

    @Test
    void everyAlertHasASeveritySummaryDescriptionAndARunbookSectionThatExistsAndAUnitTest(@TempDir Path work)
            throws IOException {
        String runbook = Files.readString(ROOT.resolve("ops/RUNBOOK.md"));
        Set<String> anchors = new TreeSet<>();
        Matcher heading = Pattern.compile("(?m)^#+ (.+)$").matcher(runbook);
        while (heading.find()) {
            anchors.add(heading.group(1).trim().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 -]", "").replace(' ', '-'));
        }
        String unitTests = Files.readString(PROMETHEUS.resolve("tests/alerts-test.yml"));
        JsonNode groups;
        try (PrometheusServer prometheus = PrometheusServer.start(work, PROMETHEUS.resolve("rules"), List.of(),
                Duration.ofSeconds(5), 0)) {
            groups = JSON.readTree(prometheus.get("/api/v1/rules")).path("data").path("groups");
        }
        List<String> alerts = new ArrayList<>();
        for (JsonNode group : groups) {
            for (JsonNode rule : group.path("rules")) {
                if (!"alerting".equals(rule.path("type").asString())) {
                    continue;
                }
                String name = rule.path("name").asString();
                alerts.add(name);
                assertThat(rule.path("labels").path("severity").asString()).as(name).isIn("page", "ticket");
                JsonNode annotations = rule.path("annotations");
                assertThat(annotations.path("summary").asString()).as(name + " summary").isNotBlank();
                assertThat(annotations.path("description").asString()).as(name + " description").isNotBlank();
                String runbookUrl = annotations.path("runbook_url").asString();
                assertThat(runbookUrl).as(name + " runbook_url").startsWith("ops/RUNBOOK.md#");
                assertThat(anchors).as(name + "'s runbook section").contains(runbookUrl.substring(runbookUrl.indexOf('#') + 1));
                assertThat(unitTests).as(name + " has a promtool unit test").contains("alertname: " + name + "\n");
            }
        }
        assertThat(alerts).as("the alerts the operations issue asks for").contains("ServiceDown", "HttpServerErrorsHigh",
                "OrderFailuresHigh", "PaymentFailureRatioHigh", "PartnerBreakerOpen", "PaymentOperationsUnresolved",
                "InventoryUpdateFailures", "DeadLettersPending", "OutboxRowsParked", "OutboxOldestRowTooOld",
                "ConsumerLagGrowing", "OrdersPastDeadline", "SagaLatencyBudgetBurnFast", "SagaLatencyBudgetBurnSlow",
                "SagaSuccessBudgetBurnFast", "SagaSuccessBudgetBurnSlow");
    }

    @Test
    void everyDashboardHasItsVariablesAndEveryPanelATitleADescriptionAUnitAndNoHardCodedInstance() throws IOException {
        List<Path> dashboards;
        try (Stream<Path> files = Files.list(DASHBOARDS)) {
            dashboards = files.filter(file -> file.toString().endsWith(".json")).sorted().toList();
        }
        assertThat(dashboards).extracting(file -> file.getFileName().toString()).contains("fleet-overview.json",
                "order-saga.json", "kafka-outbox.json", "resilience.json", "business.json");
        Set<String> uids = new TreeSet<>();
        for (Path file : dashboards) {
            JsonNode dashboard = JSON.readTree(file.toFile());
            String name = file.getFileName().toString();
            assertThat(uids.add(dashboard.path("uid").asString())).as(name + " has a uid of its own").isTrue();
            assertThat(dashboard.path("title").asString()).as(name).isNotBlank();
            List<String> variables = new ArrayList<>();
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                variables.add(variable.path("name").asString());
                if ("datasource".equals(variable.path("name").asString())) {
                    assertThat(variable.path("type").asString()).isEqualTo("datasource");
                    assertThat(variable.path("query").asString()).isEqualTo("prometheus");
                }
            }
            assertThat(variables).as(name + "'s variables").contains("datasource", "application", "instance");
            int panels = 0;
            for (JsonNode panel : dashboard.path("panels")) {
                if ("row".equals(panel.path("type").asString())) {
                    continue;
                }
                panels++;
                String title = panel.path("title").asString();
                assertThat(title).as(name + ": a panel without a title").isNotBlank();
                assertThat(panel.path("description").asString()).as(name + " / " + title + " description").isNotBlank();
                assertThat(panel.path("fieldConfig").path("defaults").path("unit").asString())
                        .as(name + " / " + title + " unit").isNotBlank();
                assertThat(panel.path("datasource").path("uid").asString()).as(name + " / " + title + " data source")
                        .isEqualTo("${datasource}");
                assertThat(panel.path("targets").isEmpty()).as(name + " / " + title + " has queries").isFalse();
                for (JsonNode target : panel.path("targets")) {
                    String expr = target.path("expr").asString();
                    assertThat(expr).as(name + " / " + title).isNotBlank()
                            .doesNotContainPattern("instance\\s*=~?\\s*\"(?!\\$instance)")
                            .doesNotContainPattern("application\\s*=~?\\s*\"(?!\\$application)");
                    if (!expr.contains(":") || expr.contains("{")) {
                        assertThat(expr).as(name + " / " + title + " follows the service variable")
                                .containsAnyOf("$application", "service=~\"$application\"");
                    }
                }
            }
            assertThat(panels).as(name + " has panels").isGreaterThan(3);
        }
    }

    private static String promtool(String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("promtool"));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).directory(PROMETHEUS.toFile()).redirectErrorStream(true).start();
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).as(String.join(" ", command)).isTrue();
        String output = new String(process.getInputStream().readAllBytes());
        assertThat(process.exitValue()).as(String.join(" ", command) + "\n" + output).isZero();
        return output;
    }
}
