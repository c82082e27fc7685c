package com.example.commerce.starter.deadletter;

import static com.example.commerce.testing.TopicRecords.header;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.example.commerce.events.Topics;
import com.example.commerce.events.shipping.ShipmentDispatched;
import com.example.commerce.starter.inbox.Inbox;
import com.example.commerce.starter.inbox.ReceivedEvent;
import com.example.commerce.starter.outbox.Uuids;
import com.example.commerce.testing.ServiceInfrastructureInitializer;
import com.example.commerce.testing.SharedInfrastructure;
import com.example.commerce.testing.TestTokens;
import com.example.commerce.testing.TopicRecords;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.InitializingBean;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.test.context.ContextConfiguration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Dead letters end to end, on a real broker and PostgreSQL and over HTTP: three consumer groups read
 * shipping.events (two batch listeners, as the services have, and a record listener); a test decides
 * which group cannot handle which shipment yet, and "fixes" it by letting the group handle it.
 */
@SpringBootTest(classes = DeadLettersIntegrationTests.DeadLetterTestApplication.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.application.name=dead-letter-test", "commerce.service.schema=shipping", "commerce.outbox.enabled=false",
        "commerce.kafka.retry.initial-interval=50ms", "commerce.kafka.retry.max-attempts=2",
        "commerce.dead-letters.redrive-chunk-size=1"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class DeadLettersIntegrationTests {

    static final String GROUP = "dead-letter-probe";
    static final String BATCH_BYSTANDER = "dead-letter-batch-bystander";
    static final String RECORD_BYSTANDER = "dead-letter-record-bystander";
    static final String TYPE = "shipping.ShipmentDispatched.v1";
    static final String API = "/api/v1/ops/dead-letters";
    static final Duration WAIT = Duration.ofSeconds(30);
    /** The operations console's token ({@code ops:dead-letters}), as the API needs. */
    static final String OPERATOR = TestTokens.bearer(TestTokens.opsConsole());

    /** Group + "/" + shipment id: what a group cannot handle until a test fixes it. */
    static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();

    @LocalServerPort
    private int port;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JsonMapper json;

    @Autowired
    private DeadLetterStore store;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ListAppender<ILoggingEvent> auditLog = new ListAppender<>();
    private KafkaProducer<String, byte[]> producer;

    @BeforeEach
    void setUp() {
        jdbc.update("DELETE FROM dead_letter");
        producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.get().bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
        auditLog.start();
        auditLogger().addAppender(auditLog);
    }

    @AfterEach
    void tearDown() {
        auditLogger().detachAppender(auditLog);
        producer.close();
    }

    @Test
    void aRecordThatCannotBeProcessedIsOnTheDeadLetterTopicInTheTableAndListed() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        String eventId = send(orderId, shipmentId).eventId();

        ConsumerRecord<String, byte[]> onTopic = awaitDeadLetterTopic(eventId, GROUP);
        assertThat(header(onTopic, "kafka_dlt-exception-message")).contains("cannot dispatch " + shipmentId);
        DeadLetter row = awaitDeadLetters(GROUP, eventId, 1).getFirst();
        assertThat(row.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(row.reason()).isEqualTo("cannot dispatch " + shipmentId + " yet");
        assertThat(row.exceptionClass()).isEqualTo(IllegalStateException.class.getName());
        assertThat(row.eventType()).isEqualTo(TYPE);
        assertThat(row.partition()).isEqualTo(onTopic.partition());

        JsonNode page = get(API + "?status=PENDING&topic=" + Topics.SHIPPING_EVENTS + "&page=0&size=20").body();
        assertThat(page.get("totalItems").asLong()).isEqualTo(1);
        assertThat(page.get("totalPages").asInt()).isEqualTo(1);
        assertThat(page.get("page").asInt()).isZero();
        assertThat(page.get("size").asInt()).isEqualTo(20);
        JsonNode item = page.get("items").get(0);
        assertThat(item.get("id").asString()).isEqualTo(row.id().toString());
        assertThat(item.get("consumerGroup").asString()).isEqualTo(GROUP);
        assertThat(item.get("topic").asString()).isEqualTo(Topics.SHIPPING_EVENTS);
        assertThat(item.get("key").asString()).isEqualTo(orderId.toString());
        assertThat(item.get("eventId").asString()).isEqualTo(eventId);
        assertThat(item.get("eventType").asString()).isEqualTo(TYPE);
        assertThat(item.get("reason").asString()).isEqualTo(row.reason());
        assertThat(item.get("status").asString()).isEqualTo("PENDING");
        assertThat(item.get("redriveCount").asInt()).isZero();
        assertThat(item.has("payload")).isFalse();

        JsonNode one = get(API + "/" + row.id()).body();
        assertThat(one.get("payload").asString()).contains(shipmentId.toString());
        assertThat(one.get("payloadTruncated").asBoolean()).isFalse();
        assertThat(one.get("headers").findValuesAsString("name")).contains("ce_id", "ce_type", "traceparent");
        assertThat(get(API + "?status=REDRIVEN&topic=" + Topics.SHIPPING_EVENTS).body().get("totalItems").asLong()).isZero();
    }

    @Test
    void redrivingOneAfterTheFixHasItsEffectExactlyOnceMarksItAndIsAudited() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        Header stale = new RecordHeader("kafka_dlt-original-offset", new byte[] {0, 0, 0, 0, 0, 0, 0, 7});
        ProducerRecord<String, byte[]> original = send(orderId, shipmentId, stale).record();
        DeadLetter row = awaitDeadLetters(GROUP, eventIdOf(original), 1).getFirst();
        double redrivenBefore = redrivenCount();

        fix(GROUP, shipmentId);
        Response redriven = post(API + "/" + row.id() + "/redrive");

        assertThat(redriven.status()).isEqualTo(200);
        assertThat(redriven.body().get("status").asString()).isEqualTo("REDRIVEN");
        assertThat(redriven.body().get("redriveCount").asInt()).isEqualTo(1);
        assertThat(redriven.body().get("redrivenAt").isNull()).isFalse();
        await().atMost(WAIT).until(() -> effects(GROUP, shipmentId) == 1);
        UUID marker = UUID.randomUUID();
        send(orderId, marker);
        await().atMost(WAIT).until(() -> effects(GROUP, marker) == 1);
        assertThat(effects(GROUP, shipmentId)).isEqualTo(1);
        assertThat(store.find(row.id()).orElseThrow().deadLetter().status()).isEqualTo(DeadLetterStatus.REDRIVEN);
        assertThat(redrivenCount() - redrivenBefore).isEqualTo(1.0);
        assertThat(auditLog.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.INFO);
            assertThat(line.getFormattedMessage()).contains(row.id().toString(), "by ops-console",
                    "topic=" + Topics.SHIPPING_EVENTS, "partition=" + row.partition(), "offset=" + row.offset(),
                    "ceId=" + eventIdOf(original), "ceType=" + TYPE);
        });

        ConsumerRecord<String, byte[]> copy = awaitOnTopic(RedriveFilter.REDRIVE_ID, row.id().toString());
        assertThat(copy.partition()).isEqualTo(row.partition());
        assertThat(copy.key()).isEqualTo(original.key());
        assertThat(copy.value()).isEqualTo(original.value());
        List<Header> expected = new ArrayList<>(Arrays.asList(original.headers().toArray()));
        expected.remove(stale); // a dead-letter header copied back by hand is not sent again
        expected.add(new RecordHeader(RedriveFilter.REDRIVE_GROUP, GROUP.getBytes(StandardCharsets.UTF_8)));
        expected.add(new RecordHeader(RedriveFilter.REDRIVE_ID, row.id().toString().getBytes(StandardCharsets.UTF_8)));
        assertThat(copy.headers().toArray()).containsExactlyElementsOf(expected);
    }

    @Test
    void redrivingAllSendsEveryPendingOneOldestFirstAndLeavesRedrivenOnesAlone() throws Exception {
        UUID orderId = UUID.randomUUID();
        List<UUID> shipments = List.of(UUID.randomUUID(), UUID.randomUUID(), UUID.randomUUID());
        List<DeadLetter> rows = new ArrayList<>();
        for (UUID shipment : shipments) {
            breakFor(GROUP, shipment);
            String eventId = send(orderId, shipment).eventId();
            rows.add(awaitDeadLetters(GROUP, eventId, 1).getFirst());
        }
        fix(GROUP, shipments.getFirst());
        assertThat(post(API + "/" + rows.getFirst().id() + "/redrive").status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> effects(GROUP, shipments.getFirst()) == 1);
        shipments.forEach(shipment -> fix(GROUP, shipment));
        double redrivenBefore = redrivenCount();

        Response all = post(API + "/redrive?topic=" + Topics.SHIPPING_EVENTS);

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().get("redriven").asInt()).isEqualTo(2);
        UUID marker = UUID.randomUUID();
        send(orderId, marker);
        await().atMost(WAIT).until(() -> effects(GROUP, marker) == 1);
        assertThat(effectsInOrder(GROUP, orderId)).containsExactly(shipments.get(0), shipments.get(1), shipments.get(2), marker);
        assertThat(rows).allSatisfy(row -> {
            DeadLetter now = store.find(row.id()).orElseThrow().deadLetter();
            assertThat(now.status()).isEqualTo(DeadLetterStatus.REDRIVEN);
            assertThat(now.redriveCount()).isEqualTo(1);
        });
        assertThat(redrivenCount() - redrivenBefore).isEqualTo(2.0);
        assertThat(post(API + "/redrive").body().get("redriven").asInt()).isZero();
    }

    @Test
    void aRecordRedrivenForOneGroupIsSkippedByTheOtherGroups() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        List<String> groups = List.of(GROUP, BATCH_BYSTANDER, RECORD_BYSTANDER);
        groups.forEach(group -> breakFor(group, shipmentId));
        String eventId = send(orderId, shipmentId).eventId();
        DeadLetter row = awaitDeadLetters(GROUP, eventId, 1).getFirst();
        awaitDeadLetters(BATCH_BYSTANDER, eventId, 1);
        awaitDeadLetters(RECORD_BYSTANDER, eventId, 1);
        groups.forEach(group -> fix(group, shipmentId));
        double batchSkipped = skipped(BATCH_BYSTANDER);
        double recordSkipped = skipped(RECORD_BYSTANDER);

        assertThat(post(API + "/" + row.id() + "/redrive").status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> effects(GROUP, shipmentId) == 1);
        await().atMost(WAIT).until(() -> skipped(BATCH_BYSTANDER) > batchSkipped && skipped(RECORD_BYSTANDER) > recordSkipped);
        UUID marker = UUID.randomUUID();
        send(orderId, marker);
        for (String bystander : List.of(BATCH_BYSTANDER, RECORD_BYSTANDER)) {
            await().atMost(WAIT).until(() -> effects(bystander, marker) == 1);
            assertThat(effects(bystander, shipmentId)).as(bystander).isZero();
            assertThat(deadLetters(bystander, eventId)).as(bystander)
                    .singleElement().extracting(DeadLetter::status).isEqualTo(DeadLetterStatus.PENDING);
        }
    }

    @Test
    void aRedrivenRecordThatFailsAgainBecomesANewPendingDeadLetter() throws Exception {
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        String eventId = send(UUID.randomUUID(), shipmentId).eventId();
        DeadLetter first = awaitDeadLetters(GROUP, eventId, 1).getFirst();

        assertThat(post(API + "/" + first.id() + "/redrive").status()).isEqualTo(200);

        List<DeadLetter> rows = awaitDeadLetters(GROUP, eventId, 2);
        DeadLetter again = rows.stream().filter(row -> !row.id().equals(first.id())).findFirst().orElseThrow();
        assertThat(again.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(again.offset()).isNotEqualTo(first.offset());
        assertThat(again.redriveCount()).isZero();
        assertThat(store.find(first.id()).orElseThrow().deadLetter().status()).isEqualTo(DeadLetterStatus.REDRIVEN);
        JsonNode headers = get(API + "/" + again.id()).body().get("headers");
        assertThat(headers.values()).anySatisfy(header -> {
            assertThat(header.get("name").asString()).isEqualTo(RedriveFilter.REDRIVE_ID);
            assertThat(header.get("value").asString()).isEqualTo(first.id().toString());
        });
        assertThat(effects(GROUP, shipmentId)).isZero();
    }

    @Test
    void answersAnUnknownDeadLetterWithNotFound() throws Exception {
        UUID unknown = UUID.randomUUID();
        for (Response response : List.of(get(API + "/" + unknown), post(API + "/" + unknown + "/redrive"))) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.contentType()).startsWith("application/problem+json");
            assertThat(response.body().get("type").asString()).isEqualTo("urn:commerce:problem:not-found");
        }
    }

    @Test
    void refusesToRedriveADeadLetterTwice() throws Exception {
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        DeadLetter row = awaitDeadLetters(GROUP, send(UUID.randomUUID(), shipmentId).eventId(), 1).getFirst();
        fix(GROUP, shipmentId);
        assertThat(post(API + "/" + row.id() + "/redrive").status()).isEqualTo(200);
        double redrivenBefore = redrivenCount();

        Response again = post(API + "/" + row.id() + "/redrive");

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(again.body().get("type").asString()).isEqualTo("urn:commerce:problem:dead-letter-already-redriven");
        assertThat(store.find(row.id()).orElseThrow().deadLetter().redriveCount()).isEqualTo(1);
        assertThat(redrivenCount()).isEqualTo(redrivenBefore);
    }

    @Test
    void rejectsInvalidInputWithAValidationProblemAndChangesNothing() throws Exception {
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        DeadLetter row = awaitDeadLetters(GROUP, send(UUID.randomUUID(), shipmentId).eventId(), 1).getFirst();
        fix(GROUP, shipmentId);
        double redrivenBefore = redrivenCount();

        List<Response> answers = List.of(get(API + "?size=0"), get(API + "?size=1000"), get(API + "?page=-1"),
                get(API + "?size=many"), get(API + "?status=LOST"), get(API + "/not-a-uuid"),
                post(API + "/not-a-uuid/redrive"), post(API + "/redrive?topic=" + "t".repeat(250)));

        assertThat(answers).allSatisfy(answer -> {
            assertThat(answer.status()).isEqualTo(400);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.body().get("type").asString()).isEqualTo("urn:commerce:problem:validation-failed");
            assertThat(answer.body().get("invalidParams").values()).isNotEmpty();
        });
        DeadLetter now = store.find(row.id()).orElseThrow().deadLetter();
        assertThat(now.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(now.redriveCount()).isZero();
        assertThat(redrivenCount()).isEqualTo(redrivenBefore);
        assertThat(auditLog.list).isEmpty();
    }

    @Test
    void pendingGaugeFollowsTheTable() throws Exception {
        UUID orderId = UUID.randomUUID();
        List<DeadLetter> rows = new ArrayList<>();
        for (UUID shipment : List.of(UUID.randomUUID(), UUID.randomUUID())) {
            breakFor(GROUP, shipment);
            rows.add(awaitDeadLetters(GROUP, send(orderId, shipment).eventId(), 1).getFirst());
            fix(GROUP, shipment);
        }
        await().atMost(WAIT).until(() -> pendingGauge() == 2.0);

        post(API + "/" + rows.getFirst().id() + "/redrive");

        await().atMost(WAIT).until(() -> pendingGauge() == 1.0);
    }

    @Test
    void aRecordDeadLetteredAgainAtTheSameOffsetIsStoredOnceAndPendingAgainAfterItsRedrive() {
        List<Header> headers = List.of(new RecordHeader("ce_id", "e-1".getBytes(StandardCharsets.UTF_8)));
        long offset = System.nanoTime();
        assertThat(store.add("replaying-group", Topics.SHIPPING_EVENTS, 0, offset, "k", headers, null, "first", "X")).isTrue();
        assertThat(store.add("replaying-group", Topics.SHIPPING_EVENTS, 0, offset, "k", headers, null, "again", "X")).isFalse();
        DeadLetter stored = single("replaying-group");
        store.markRedriven(List.of(stored.id()));

        assertThat(store.add("replaying-group", Topics.SHIPPING_EVENTS, 0, offset, "k", headers, null, "replayed", "Y")).isTrue();

        DeadLetter reopened = single("replaying-group");
        assertThat(reopened.id()).isEqualTo(stored.id());
        assertThat(reopened.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(reopened.reason()).isEqualTo("replayed");
        assertThat(reopened.redriveCount()).isEqualTo(1);
    }

    @Test
    void aPoisonRecordWithNulCharactersIsStillRecorded() {
        List<Header> headers = List.of(new RecordHeader("ce_id", "bad\u0000id".getBytes(StandardCharsets.UTF_8)),
                new RecordHeader("x\u0000y", new byte[] {0}));

        assertThat(store.add("nul-group", Topics.SHIPPING_EVENTS, 0, System.nanoTime(), "k\u0000", headers,
                new byte[] {0}, "reason with \u0000", "X")).isTrue();

        DeadLetter.WithRecord stored = store.find(single("nul-group").id()).orElseThrow();
        assertThat(stored.deadLetter().eventId()).isEqualTo("bad\uFFFDid");
        assertThat(stored.headers()).extracting(Header::key).containsExactly("ce_id", "x\uFFFDy");
        assertThat(stored.headers().getLast().value()).containsExactly(0);
    }

    @Test
    void documentsTheOperationsApiInTheOpenApiDocument() throws Exception {
        JsonNode paths = get("/v3/api-docs").body().get("paths");

        assertThat(paths.has(API)).isTrue();
        assertThat(paths.has(API + "/{id}")).isTrue();
        assertThat(paths.get(API + "/{id}/redrive").has("post")).isTrue();
        assertThat(paths.get(API + "/redrive").has("post")).isTrue();
    }

    // --- fixtures ---

    record Sent(ProducerRecord<String, byte[]> record) {
        String eventId() {
            return eventIdOf(record);
        }
    }

    /** A ShipmentDispatched as the shipping outbox sends it, plus a binary header nobody reads. */
    private Sent send(UUID orderId, UUID shipmentId, Header... extra) throws Exception {
        byte[] payload = json.writeValueAsBytes(new ShipmentDispatched(orderId, shipmentId, Instant.now()));
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SHIPPING_EVENTS, orderId.toString(), payload);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", Uuids.v7().toString().getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/tests".getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", ("00-" + UUID.randomUUID().toString().replace("-", "")
                + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        record.headers().add("probe-binary", new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80});
        Arrays.stream(extra).forEach(record.headers()::add);
        producer.send(record).get();
        return new Sent(record);
    }

    private static String eventIdOf(ProducerRecord<String, byte[]> record) {
        return new String(record.headers().lastHeader("ce_id").value(), StandardCharsets.UTF_8);
    }

    private static void breakFor(String group, UUID shipmentId) {
        BROKEN.add(group + "/" + shipmentId);
    }

    private static void fix(String group, UUID shipmentId) {
        BROKEN.remove(group + "/" + shipmentId);
    }

    private List<DeadLetter> deadLetters(String group, String eventId) {
        return store.page(null, Topics.SHIPPING_EVENTS, 0, DeadLetters.MAX_PAGE_SIZE).stream()
                .filter(row -> row.consumerGroup().equals(group) && eventId.equals(row.eventId()))
                .toList();
    }

    private List<DeadLetter> awaitDeadLetters(String group, String eventId, int count) {
        await().atMost(WAIT).until(() -> deadLetters(group, eventId).size() >= count);
        return deadLetters(group, eventId);
    }

    private DeadLetter single(String group) {
        return store.page(null, Topics.SHIPPING_EVENTS, 0, DeadLetters.MAX_PAGE_SIZE).stream()
                .filter(row -> row.consumerGroup().equals(group)).findFirst().orElseThrow();
    }

    private int effects(String group, UUID shipmentId) {
        Integer count = jdbc.queryForObject("SELECT count(*) FROM dead_letter_probe_effect WHERE consumer_group = ?"
                + " AND shipment_id = ?", Integer.class, group, shipmentId);
        return count == null ? 0 : count;
    }

    private List<UUID> effectsInOrder(String group, UUID orderId) {
        return jdbc.queryForList("SELECT shipment_id FROM dead_letter_probe_effect WHERE consumer_group = ?"
                + " AND order_id = ? ORDER BY seq", UUID.class, group, orderId);
    }

    private double redrivenCount() {
        Counter counter = meters.find("commerce.kafka.dead.letters.redriven").tag("topic", Topics.SHIPPING_EVENTS).counter();
        return counter == null ? 0 : counter.count();
    }

    private double skipped(String group) {
        Counter counter = meters.find("commerce.kafka.redrives.skipped").tag("topic", Topics.SHIPPING_EVENTS)
                .tag("group", group).counter();
        return counter == null ? 0 : counter.count();
    }

    private double pendingGauge() {
        return meters.get("commerce.kafka.dead.letters.pending").gauge().value();
    }

    private ConsumerRecord<String, byte[]> awaitDeadLetterTopic(String eventId, String group) {
        return TopicRecords.awaitRecord(Topics.deadLetterTopicOf(Topics.SHIPPING_EVENTS),
                record -> eventId.equals(header(record, "ce_id"))
                        && group.equals(header(record, "kafka_dlt-original-consumer-group")), WAIT);
    }

    private ConsumerRecord<String, byte[]> awaitOnTopic(String headerName, String value) {
        return TopicRecords.awaitRecord(Topics.SHIPPING_EVENTS, record -> value.equals(header(record, headerName)), WAIT);
    }

    private static Logger auditLogger() {
        return (Logger) LoggerFactory.getLogger("commerce.audit");
    }

    record Response(int status, String contentType, JsonNode body) {
    }

    private Response get(String path) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(uri(path)).timeout(WAIT).header(TestTokens.AUTHORIZATION, OPERATOR).GET().build());
    }

    private Response post(String path) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(uri(path)).timeout(WAIT).header(TestTokens.AUTHORIZATION, OPERATOR)
                .POST(HttpRequest.BodyPublishers.noBody()).build());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private Response exchange(HttpRequest request) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""),
                json.readTree(response.body()));
    }

    // --- the service under test ---

    @SpringBootConfiguration
    @EnableAutoConfiguration
    static class DeadLetterTestApplication {

        @Bean
        InitializingBean probeEffectTable(JdbcTemplate jdbc) {
            return () -> jdbc.execute("""
                    CREATE TABLE IF NOT EXISTS dead_letter_probe_effect (
                        seq bigserial PRIMARY KEY, consumer_group text NOT NULL, event_id uuid NOT NULL,
                        order_id uuid NOT NULL, shipment_id uuid NOT NULL)""");
        }

        @Bean
        ShippingEventsListener shippingEventsListener(Inbox inbox, JdbcTemplate jdbc) {
            return new ShippingEventsListener(inbox, jdbc);
        }
    }

    /** Three groups on one topic, as services share a topic: each applies the event unless it is broken for it. */
    static class ShippingEventsListener {

        private final Inbox inbox;
        private final JdbcTemplate jdbc;

        ShippingEventsListener(Inbox inbox, JdbcTemplate jdbc) {
            this.inbox = inbox;
            this.jdbc = jdbc;
        }

        @KafkaListener(topics = Topics.SHIPPING_EVENTS, groupId = GROUP, batch = "true")
        void onPoll(List<ConsumerRecord<String, byte[]>> records) {
            inbox.receiveAll(GROUP, records, event -> apply(GROUP, event));
        }

        @KafkaListener(topics = Topics.SHIPPING_EVENTS, groupId = BATCH_BYSTANDER, batch = "true")
        void onBystanderPoll(List<ConsumerRecord<String, byte[]>> records) {
            inbox.receiveAll(BATCH_BYSTANDER, records, event -> apply(BATCH_BYSTANDER, event));
        }

        @KafkaListener(topics = Topics.SHIPPING_EVENTS, groupId = RECORD_BYSTANDER)
        void onBystanderRecord(ConsumerRecord<String, byte[]> record) {
            inbox.receive(RECORD_BYSTANDER, record, event -> apply(RECORD_BYSTANDER, event));
        }

        private void apply(String group, ReceivedEvent event) {
            ShipmentDispatched dispatched = (ShipmentDispatched) event.payload();
            if (BROKEN.contains(group + "/" + dispatched.shipmentId())) {
                throw new IllegalStateException("cannot dispatch " + dispatched.shipmentId() + " yet");
            }
            jdbc.update("INSERT INTO dead_letter_probe_effect (consumer_group, event_id, order_id, shipment_id)"
                    + " VALUES (?, ?, ?, ?)", group, event.eventId(), dispatched.orderId(), dispatched.shipmentId());
        }
    }
}
