package com.example.commerce.reporting.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.EventTypes;
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
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every report on a known set of orders ({@link ReportScenario}), with the figures worked out by hand, in JSON and
 * in CSV; then the same set with every event delivered twice, shuffled across topics (each key's order within its
 * topic kept, as Kafka does): the same figures.
 */
@ServiceIntegrationTest
class ReportsIntegrationTests {

    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static EventFeed feed;
    private final JsonMapper json = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    LiveModel model;

    @BeforeAll
    static void openFeed() {
        feed = new EventFeed();
    }

    @AfterAll
    static void closeFeed() {
        feed.close();
    }

    @Test
    void reportsTheKnownFiguresOfAGeneratedSetOfOrdersAsJsonAndCsv() {
        ReportScenario scenario = new ReportScenario(LocalDate.of(2026, 3, 2), "inorder");
        long openBefore = openBackorders(scenario);
        deliver(scenario, 1, new Random(1), "in order");
        assertEveryReport(scenario, openBefore);
    }

    @Test
    void reportsTheSameFiguresWhenEveryEventArrivesTwiceAndShuffledAcrossTopics() {
        ReportScenario scenario = new ReportScenario(LocalDate.of(2026, 4, 6), "shuffled");
        long openBefore = openBackorders(scenario);
        long seed = Redeliveries.seed();
        InboxCounts counted = deliver(scenario, 2, new Random(seed), Redeliveries.replayHint(seed));
        assertThat(counted.duplicates()).as("every second copy was received and skipped; " + Redeliveries.replayHint(seed))
                .isEqualTo(scenario.events().size());
        assertEveryReport(scenario, openBefore);
    }

    @Test
    void refusesARangeThatEndsBeforeItStartsOrIsLongerThanAYear() {
        ReportingApi api = new ReportingApi(port);
        for (String query : List.of("from=2026-03-02&to=2026-03-01", "from=2025-01-01&to=2026-01-02")) {
            for (String accept : List.of("application/json", "text/csv")) {
                HttpResponse<String> refused = api.get("/api/v1/reports/revenue?" + query, accept, ReportingApi.reader());
                assertThat(refused.statusCode()).as(query + " " + accept).isEqualTo(400);
                assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(
                        type -> assertThat(type).startsWith("application/problem+json"));
                assertThat(json.readTree(refused.body()).get("type").asString())
                        .isEqualTo("urn:commerce:problem:invalid-date-range");
            }
        }
        HttpResponse<String> year = api.get("/api/v1/reports/revenue?from=2025-01-01&to=2026-01-01", "application/json",
                ReportingApi.reader());
        assertThat(year.statusCode()).as("366 days, the bound, are answered").isEqualTo(200);
    }

    @Test
    void needsTheReportsReadScope() {
        ReportingApi api = new ReportingApi(port);
        String path = "/api/v1/reports/funnel?from=2026-03-02&to=2026-03-04";
        assertThat(api.get(path, "application/json", null).statusCode()).isEqualTo(401);
        assertThat(api.get(path, "application/json", TestTokens.client("dashboards", "orders:read")).statusCode())
                .isEqualTo(403);
        assertThat(api.get(path, "application/json", ReportingApi.reader()).statusCode()).isEqualTo(200);
    }

    private InboxCounts deliver(ReportScenario scenario, int copies, Random random, String hint) {
        String consumer = LiveModel.consumer(model.generation());
        InboxCounts before = InboxCounts.of(meters, consumer);
        List<IntegrationEvent> events = scenario.events();
        // Shuffled across topics; within a topic each key's events keep their order, as Kafka guarantees.
        feed.publishAll(Redeliveries.shuffled(events,
                event -> copies == 1 ? "one stream" : EventTypes.topicOf(EventTypes.typeOf(event.getClass())) + "/"
                        + event.aggregateId(), copies, random));
        await(hint).atMost(PATIENCE).untilAsserted(() -> assertThat(InboxCounts.of(meters, consumer).since(before).received())
                .isEqualTo((long) events.size() * copies));
        InboxCounts counted = InboxCounts.of(meters, consumer).since(before);
        assertThat(counted.processed()).as("each event applied once; " + hint).isEqualTo(events.size());
        return counted;
    }

    private long openBackorders(ReportScenario scenario) {
        return json.readTree(new ReportingApi(port).report("backorders", scenario.day1, scenario.day3(), "",
                "application/json").body()).get("openNow").asLong();
    }

    /** The figures {@link ReportScenario} must show, worked out by hand from its eleven orders. */
    private void assertEveryReport(ReportScenario s, long openBefore) {
        LocalDate d1 = s.day1;
        LocalDate d2 = d1.plusDays(1);
        String a = s.skuA;
        String b = s.skuB;
        String c = s.skuC;
        ReportingApi api = new ReportingApi(port);
        check(api, s, "orders-by-state", "", """
                {"items":[
                 {"day":"%1$s","state":"CANCELLED","orders":2},
                 {"day":"%1$s","state":"CONFIRMED","orders":1},
                 {"day":"%1$s","state":"DELIVERED","orders":2},
                 {"day":"%2$s","state":"BACKORDERED","orders":1},
                 {"day":"%2$s","state":"CANCELLED","orders":3},
                 {"day":"%2$s","state":"CONFIRMED","orders":1},
                 {"day":"%2$s","state":"REJECTED","orders":1}],
                 "page":0,"size":20,"totalItems":7,"totalPages":1}""".formatted(d1, d2), """
                day,state,orders
                %1$s,CANCELLED,2
                %1$s,CONFIRMED,1
                %1$s,DELIVERED,2
                %2$s,BACKORDERED,1
                %2$s,CANCELLED,3
                %2$s,CONFIRMED,1
                %2$s,REJECTED,1
                """.formatted(d1, d2));
        check(api, s, "orders-by-state", "page=1&size=3", """
                {"items":[
                 {"day":"%1$s","state":"BACKORDERED","orders":1},
                 {"day":"%1$s","state":"CANCELLED","orders":3},
                 {"day":"%1$s","state":"CONFIRMED","orders":1}],
                 "page":1,"size":3,"totalItems":7,"totalPages":3}""".formatted(d2), """
                day,state,orders
                %1$s,BACKORDERED,1
                %1$s,CANCELLED,3
                %1$s,CONFIRMED,1
                """.formatted(d2));
        check(api, s, "revenue", "", """
                {"items":[
                 {"day":"%s","currency":"EUR","orders":3,"grossMinor":7250,"discountMinor":325,"refundedMinor":1000,"netMinor":5925},
                 {"day":"%s","currency":"USD","orders":1,"grossMinor":8000,"discountMinor":0,"refundedMinor":0,"netMinor":8000}],
                 "page":0,"size":20,"totalItems":2,"totalPages":1}""".formatted(d1, d2), """
                day,currency,orders,grossMinor,discountMinor,refundedMinor,netMinor
                %s,EUR,3,7250,325,1000,5925
                %s,USD,1,8000,0,0,8000
                """.formatted(d1, d2));
        check(api, s, "revenue-by-category", "", """
                {"items":[
                 {"category":"garden/seeds","currency":"EUR","units":1,"grossMinor":250,"discountMinor":25,"refundedMinor":0,"netMinor":225},
                 {"category":"garden/tools","currency":"EUR","units":3,"grossMinor":3000,"discountMinor":300,"refundedMinor":0,"netMinor":2700},
                 {"category":"kitchen","currency":"EUR","units":1,"grossMinor":4000,"discountMinor":0,"refundedMinor":1000,"netMinor":3000},
                 {"category":"kitchen","currency":"USD","units":2,"grossMinor":8000,"discountMinor":0,"refundedMinor":0,"netMinor":8000}],
                 "page":0,"size":20,"totalItems":4,"totalPages":1}""", """
                category,currency,units,grossMinor,discountMinor,refundedMinor,netMinor
                garden/seeds,EUR,1,250,25,0,225
                garden/tools,EUR,3,3000,300,0,2700
                kitchen,EUR,1,4000,0,1000,3000
                kitchen,USD,2,8000,0,0,8000
                """);
        String productA = "{\"sku\":\"%s\",\"name\":\"Spade %s\",\"category\":\"garden/tools\",\"brand\":\"Acme\",\"currency\":\"EUR\",\"units\":3,\"grossMinor\":3000,\"revenueMinor\":2700}";
        String productB = "{\"sku\":\"%s\",\"name\":\"Seeds %s\",\"category\":\"garden/seeds\",\"brand\":\"Sprout\",\"currency\":\"EUR\",\"units\":1,\"grossMinor\":250,\"revenueMinor\":225}";
        String productCEur = "{\"sku\":\"%s\",\"name\":\"Kettle %s\",\"category\":\"kitchen\",\"brand\":\"Boil\",\"currency\":\"EUR\",\"units\":1,\"grossMinor\":4000,\"revenueMinor\":3000}";
        String productCUsd = "{\"sku\":\"%s\",\"name\":\"Kettle %s\",\"category\":\"kitchen\",\"brand\":\"Boil\",\"currency\":\"USD\",\"units\":2,\"grossMinor\":8000,\"revenueMinor\":8000}";
        String prefix = a.substring(0, a.length() - 2);
        String pa = productA.formatted(a, prefix);
        String pb = productB.formatted(b, prefix);
        String pce = productCEur.formatted(c, prefix);
        String pcu = productCUsd.formatted(c, prefix);
        check(api, s, "top-products", "by=UNITS", "{\"items\":[" + String.join(",", pa, pcu, pce, pb)
                + "],\"page\":0,\"size\":20,\"totalItems\":4,\"totalPages\":1}", """
                sku,name,category,brand,currency,units,grossMinor,revenueMinor
                %1$s,Spade %5$s,garden/tools,Acme,EUR,3,3000,2700
                %3$s,Kettle %5$s,kitchen,Boil,USD,2,8000,8000
                %3$s,Kettle %5$s,kitchen,Boil,EUR,1,4000,3000
                %2$s,Seeds %5$s,garden/seeds,Sprout,EUR,1,250,225
                """.formatted(a, b, c, "", prefix));
        check(api, s, "top-products", "by=REVENUE&size=2", "{\"items\":[" + String.join(",", pcu, pce)
                + "],\"page\":0,\"size\":2,\"totalItems\":4,\"totalPages\":2}", """
                sku,name,category,brand,currency,units,grossMinor,revenueMinor
                %1$s,Kettle %2$s,kitchen,Boil,USD,2,8000,8000
                %1$s,Kettle %2$s,kitchen,Boil,EUR,1,4000,3000
                """.formatted(c, prefix));
        check(api, s, "funnel", "", """
                {"from":"%s","to":"%s","itemsAdded":15,"checkouts":11,"confirmed":6,"delivered":2,
                 "checkoutRate":0.7333,"confirmationRate":0.5455,"deliveryRate":0.3333,"overallRate":0.1333}"""
                .formatted(d1, s.day3()), """
                from,to,itemsAdded,checkouts,confirmed,delivered,checkoutRate,confirmationRate,deliveryRate,overallRate
                %s,%s,15,11,6,2,0.7333,0.5455,0.3333,0.1333
                """.formatted(d1, s.day3()));
        check(api, s, "saga-durations", "", """
                [{"step":"CONFIRMED","orders":6,"p50Seconds":120,"p95Seconds":3600,"p99Seconds":3600},
                 {"step":"DELIVERED","orders":2,"p50Seconds":86400,"p95Seconds":90000,"p99Seconds":90000}]""", """
                step,orders,p50Seconds,p95Seconds,p99Seconds
                CONFIRMED,6,120,3600,3600
                DELIVERED,2,86400,90000,90000
                """);
        check(api, s, "endings", "", """
                [{"kind":"CANCELLED","reason":"BACKORDER_FAILED","events":1},
                 {"kind":"CANCELLED","reason":"CUSTOMER_REQUEST","events":1},
                 {"kind":"CANCELLED","reason":"PAYMENT_DECLINED","events":1},
                 {"kind":"CANCELLED","reason":"SHIPPING_FAILED","events":1},
                 {"kind":"CANCELLED","reason":"TIMED_OUT","events":1},
                 {"kind":"PAYMENT_DECLINED","reason":"insufficient-funds","events":1},
                 {"kind":"PAYMENT_REFUNDED","reason":"REFUND","events":1},
                 {"kind":"PAYMENT_VOIDED","reason":"VOID","events":2},
                 {"kind":"REJECTED","reason":"OUT_OF_STOCK","events":1},
                 {"kind":"SHIPMENT_FAILED","reason":"address-unknown","events":1},
                 {"kind":"STOCK_RELEASED","reason":"CUSTOMER_REQUEST","events":1},
                 {"kind":"STOCK_RELEASED","reason":"PAYMENT_DECLINED","events":1},
                 {"kind":"STOCK_RELEASED","reason":"SHIPPING_FAILED","events":1},
                 {"kind":"STOCK_RELEASED","reason":"TIMED_OUT","events":1}]""", """
                kind,reason,events
                CANCELLED,BACKORDER_FAILED,1
                CANCELLED,CUSTOMER_REQUEST,1
                CANCELLED,PAYMENT_DECLINED,1
                CANCELLED,SHIPPING_FAILED,1
                CANCELLED,TIMED_OUT,1
                PAYMENT_DECLINED,insufficient-funds,1
                PAYMENT_REFUNDED,REFUND,1
                PAYMENT_VOIDED,VOID,2
                REJECTED,OUT_OF_STOCK,1
                SHIPMENT_FAILED,address-unknown,1
                STOCK_RELEASED,CUSTOMER_REQUEST,1
                STOCK_RELEASED,PAYMENT_DECLINED,1
                STOCK_RELEASED,SHIPPING_FAILED,1
                STOCK_RELEASED,TIMED_OUT,1
                """);
        check(api, s, "stock-outs", "", """
                {"items":[
                 {"sku":"%2$s","failures":2,"unitsMissing":4},
                 {"sku":"%1$s","failures":1,"unitsMissing":3},
                 {"sku":"%3$s","failures":1,"unitsMissing":2}],
                 "page":0,"size":20,"totalItems":3,"totalPages":1}""".formatted(a, b, c), """
                sku,failures,unitsMissing
                %2$s,2,4
                %1$s,1,3
                %3$s,1,2
                """.formatted(a, b, c));
        long openNow = openBefore + 1;
        check(api, s, "backorders", "", """
                {"from":"%s","to":"%s","backordered":3,"fulfilled":1,"failed":1,"stillOpen":1,"openNow":%d}"""
                .formatted(d1, s.day3(), openNow), """
                from,to,backordered,fulfilled,failed,stillOpen,openNow
                %s,%s,3,1,1,1,%d
                """.formatted(d1, s.day3(), openNow));
    }

    private void check(ReportingApi api, ReportScenario s, String report, String query, String expectedJson,
                       String expectedCsv) {
        HttpResponse<String> asJson = api.report(report, s.day1, s.day3(), query, "application/json");
        assertThat(asJson.statusCode()).as(report + " " + asJson.body()).isEqualTo(200);
        assertThat(json.readTree(asJson.body())).as(report + "?" + query).isEqualTo(json.readTree(expectedJson));
        HttpResponse<String> asCsv = api.report(report, s.day1, s.day3(), query, "text/csv");
        assertThat(asCsv.statusCode()).as(report + " " + asCsv.body()).isEqualTo(200);
        assertThat(asCsv.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/csv"));
        assertThat(asCsv.body()).as(report + "?" + query + " as CSV").isEqualTo(expectedCsv.replace("\n", "\r\n"));
    }
}
