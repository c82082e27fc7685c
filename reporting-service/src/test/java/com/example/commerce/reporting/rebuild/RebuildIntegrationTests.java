package com.example.commerce.reporting.rebuild;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.IntegrationEvent;
import com.example.commerce.reporting.ReportScenario;
import com.example.commerce.reporting.ReportingApi;
import com.example.commerce.reporting.ingest.LiveModel;
import com.example.commerce.testing.EventFeed;
import com.example.commerce.testing.InboxCounts;
import com.example.commerce.testing.Redeliveries;
import com.example.commerce.testing.ServiceIntegrationTest;
import com.example.commerce.testing.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * A rebuild reads every topic from its earliest offset into fresh tables and swaps them in: every report over the
 * year is the same afterwards, the live listeners go on without applying anything twice, and the reports answer
 * throughout.
 */
@ServiceIntegrationTest
class RebuildIntegrationTests {

    static final Duration PATIENCE = Duration.ofSeconds(90);
    static final LocalDate FROM = LocalDate.of(2026, 1, 1);
    static final LocalDate TO = LocalDate.of(2026, 12, 31);
    static final List<String> REPORTS = List.of("orders-by-state?size=100", "revenue?size=100",
            "revenue-by-category?size=100", "top-products?by=UNITS&size=100", "top-products?by=REVENUE&size=100",
            "funnel", "saga-durations", "endings", "stock-outs?size=100", "backorders");

    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    LiveModel model;

    @Test
    void rebuildsFiguresEqualToTheLiveOnesAndGoesOnLiveAfterTheSwap() {
        ReportingApi api = new ReportingApi(port);
        String operator = TestTokens.opsConsole();
        publish(new ReportScenario(LocalDate.of(2026, 5, 4), "rebuild-before").events());
        Map<String, String> before = reports(api);
        long generation = model.generation();

        HttpResponse<String> started = api.post("/api/v1/ops/reports/rebuild", operator);
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        assertThat(json.readTree(started.body()).get("generation").asLong()).isEqualTo(generation + 1);
        await().atMost(PATIENCE).untilAsserted(() -> {
            assertThat(reports(api)).as("the live model answers while the rebuild runs").isEqualTo(before);
            HttpResponse<String> status = api.get("/api/v1/ops/reports/rebuild", "application/json", operator);
            assertThat(json.readTree(status.body()).get("status").asString()).isEqualTo("DONE");
        });
        assertThat(model.generation()).isEqualTo(generation + 1);
        assertThat(reports(api)).as("the rebuilt figures").isEqualTo(before);

        // After the swap the live listeners go on in the new tables, under the new inbox name.
        ReportScenario after = new ReportScenario(LocalDate.of(2026, 6, 1), "rebuild-after");
        publish(after.events());
        Map<String, String> grown = reports(api);
        assertThat(grown).isNotEqualTo(before);
        HttpResponse<String> byState = api.report("orders-by-state", after.day1, after.day3(), "", "application/json");
        assertThat(json.readTree(byState.body()).get("totalItems").asLong()).isEqualTo(7);
    }

    @Test
    void needsTheOperatorsScope() {
        ReportingApi api = new ReportingApi(port);
        assertThat(api.post("/api/v1/ops/reports/rebuild", ReportingApi.reader()).statusCode()).isEqualTo(403);
        assertThat(api.post("/api/v1/ops/reports/rebuild", null).statusCode()).isEqualTo(401);
    }

    private void publish(List<IntegrationEvent> events) {
        String consumer = LiveModel.consumer(model.generation());
        InboxCounts before = InboxCounts.of(meters, consumer);
        try (EventFeed feed = new EventFeed()) {
            feed.publishAll(Redeliveries.shuffled(events, event -> "in order", 1, new java.util.Random(0)));
        }
        await().atMost(PATIENCE).untilAsserted(() -> assertThat(InboxCounts.of(meters, consumer).since(before).processed())
                .isEqualTo(events.size()));
    }

    private Map<String, String> reports(ReportingApi api) {
        Map<String, String> bodies = new LinkedHashMap<>();
        for (String report : REPORTS) {
            String[] parts = report.split("\\?");
            HttpResponse<String> response = api.report(parts[0], FROM, TO, parts.length > 1 ? parts[1] : "", "text/csv");
            assertThat(response.statusCode()).as(report).isEqualTo(200);
            bodies.put(report, response.body());
        }
        return bodies;
    }
}
