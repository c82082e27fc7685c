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
import com.example.commerce.starter.ReliableProducerSettings;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
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
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.core.KafkaProducerException;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.SendResult;
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
        "commerce.dead-letters.redrive-chunk-size=1",
        // The dead-letter producer takes records up to 600 KiB, the topics up to 1 MiB: a record between the
        // two reaches the listener but can never be copied to the DLT.
        "spring.kafka.producer.properties[max.request.size]=" + DeadLettersIntegrationTests.DLT_MAX_REQUEST_SIZE})
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

    static final int DLT_MAX_REQUEST_SIZE = 600 * 1024;

    /** Group + "/" + shipment id: what a group cannot handle until a test fixes it. */
    static final Set<String> BROKEN = ConcurrentHashMap.newKeySet();

    /** Group + "/" + shipment id: broken ones whose failure has a message of 300,000 characters. */
    static final Set<String> LOUD = ConcurrentHashMap.newKeySet();

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

    @Autowired
    private FaultyDeadLetterProducer deadLetterProducer;

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
        deadLetterProducer.clear();
        jdbc.update("DELETE FROM dead_letter_fault");
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
        DeadLetter row = fixedDeadLetter(shipmentId);
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
        DeadLetter row = fixedDeadLetter(shipmentId);
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
        jdbc.update("UPDATE dead_letter SET status = 'REDRIVEN', redriven_at = now(), redrive_count = 1 WHERE id = ?",
                stored.id());

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

    // --- records whose dead letter is hard to write (defect 7) ---

    @Test
    void aRecordWhoseReasonWouldMakeItsCopyTooLargeReachesTheDeadLetterTopicWithTheReasonCut() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        LOUD.add(GROUP + "/" + shipmentId);
        // 500 KB fit the DLT producer's 600 KiB; with the failure's 300 KB message twice over (header and stack
        // trace) they would not.
        String eventId = send(Uuids.v7().toString(), orderId, shipmentId, 500_000).eventId();

        ConsumerRecord<String, byte[]> onTopic = awaitDeadLetterTopic(eventId, GROUP);

        byte[] message = onTopic.headers().lastHeader("kafka_dlt-exception-message").value();
        byte[] stackTrace = onTopic.headers().lastHeader("kafka_dlt-exception-stacktrace").value();
        assertThat(message.length).isLessThanOrEqualTo(4 * 1024);
        assertThat(new String(message, StandardCharsets.UTF_8)).startsWith("cannot dispatch " + shipmentId).endsWith("...[cut]");
        assertThat(stackTrace.length).isLessThanOrEqualTo(16 * 1024);
        assertThat(new String(stackTrace, StandardCharsets.UTF_8))
                .startsWith("java.lang.IllegalStateException: cannot dispatch " + shipmentId).contains("...[cut]\n\tat ");
        assertThat(onTopic.value()).hasSize(500_000).isEqualTo(valueOf(eventId));
        DeadLetter row = awaitDeadLetters(GROUP, eventId, 1).getFirst();
        assertThat(row.reason()).hasSize(2000).startsWith("cannot dispatch " + shipmentId);
        assertThat(dltFailure(row.id())).isNull();
        assertPartitionMovesOn(orderId);
    }

    @Test
    void aRecordTooLargeForItsDeadLetterTopicIsKeptInTheTableAndItsPartitionMovesOn() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        double withoutCopyBefore = withoutDltCopyCount();
        ListAppender<ILoggingEvent> recorderLog = new ListAppender<>();
        recorderLog.start();
        Logger recorderLogger = (Logger) LoggerFactory.getLogger(DeadLetterRecorder.class);
        recorderLogger.addAppender(recorderLog);
        // 700 KB: the topic takes it, the dead-letter producer (600 KiB) never will.
        String eventId = send(Uuids.v7().toString(), orderId, shipmentId, 700_000).eventId();

        DeadLetter row = awaitDeadLetters(GROUP, eventId, 1).getFirst();

        assertThat(row.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(row.reason()).isEqualTo("cannot dispatch " + shipmentId + " yet");
        assertThat(store.find(row.id()).orElseThrow().payload()).hasSize(700_000);
        assertThat(dltFailure(row.id())).startsWith("RecordTooLargeException");
        JsonNode details = get(API + "/" + row.id()).body();
        assertThat(details.get("dltCopy").asBoolean()).isFalse();
        assertThat(details.get("dltFailure").asString()).startsWith("RecordTooLargeException");
        assertThat(details.get("payloadBytes").asInt()).isEqualTo(700_000);
        assertPartitionMovesOn(orderId);
        assertThat(withoutDltCopyCount() - withoutCopyBefore).isEqualTo(1.0);
        assertThat(deadLetters(GROUP, eventId)).hasSize(1);
        recorderLogger.detachAppender(recorderLog);
        assertThat(recorderLog.list).anySatisfy(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.ERROR);
            assertThat(line.getFormattedMessage()).contains("@" + row.offset(), "could never be written", "RecordTooLarge");
        });
        JsonNode listed = get(API + "?status=PENDING&topic=" + Topics.SHIPPING_EVENTS + "&size=100").body();
        assertThat(listed.get("items").findValuesAsString("id")).contains(row.id().toString());
    }

    @Test
    void aRecordTheDeadLetterTopicRefusesAsTooLargeIsKeptInTheTableAndItsPartitionMovesOn() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        String deadLetterTopic = Topics.deadLetterTopicOf(Topics.SHIPPING_EVENTS);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.get().bootstrapServers()))) {
            // The broker, not the producer, refuses this one: the DLT takes 300 KiB, the producer 600 KiB.
            setMaxMessageBytes(admin, deadLetterTopic, "307200");
            try {
                String eventId = send(Uuids.v7().toString(), orderId, shipmentId, 400_000).eventId();

                DeadLetter row = awaitDeadLetters(GROUP, eventId, 1).getFirst();

                assertThat(row.status()).isEqualTo(DeadLetterStatus.PENDING);
                assertThat(dltFailure(row.id())).startsWith("RecordTooLargeException");
                assertThat(store.find(row.id()).orElseThrow().payload()).isEqualTo(valueOf(eventId));
                assertPartitionMovesOn(orderId);
            } finally {
                setMaxMessageBytes(admin, deadLetterTopic, null);
            }
        }
    }

    /** Sets (or, with null, removes) the topic's max.message.bytes and waits until the broker applies it. */
    private static void setMaxMessageBytes(Admin admin, String topic, String value) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        ConfigEntry entry = new ConfigEntry(TopicConfig.MAX_MESSAGE_BYTES_CONFIG, value == null ? "" : value);
        AlterConfigOp op = new AlterConfigOp(entry, value == null ? AlterConfigOp.OpType.DELETE : AlterConfigOp.OpType.SET);
        admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get(30, TimeUnit.SECONDS);
        await().atMost(WAIT).until(() -> {
            ConfigEntry now = admin.describeConfigs(List.of(resource)).all().get(30, TimeUnit.SECONDS).get(resource)
                    .get(TopicConfig.MAX_MESSAGE_BYTES_CONFIG);
            return value == null ? now.source() != ConfigEntry.ConfigSource.DYNAMIC_TOPIC_CONFIG : value.equals(now.value());
        });
    }

    @Test
    void aConsumerGroupLongerThanItsColumnIsStillRecorded() {
        String group = "g".repeat(300);
        List<Header> headers = List.of(new RecordHeader("ce_id", "e-long".getBytes(StandardCharsets.UTF_8)));

        assertThat(store.add(group, Topics.SHIPPING_EVENTS, 0, System.nanoTime(), "k", headers, null, "r", "X")).isTrue();

        assertThat(single("g".repeat(255)).consumerGroup()).isEqualTo("g".repeat(255));
    }

    // --- the recorder retries what may still succeed ---

    @Test
    void theRecorderRetriesAFailedDeadLetterTopicSendAndRecordsTheRecordOnce() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        String eventId = Uuids.v7().toString();
        deadLetterProducer.failNext("dlt:" + eventId, 3);

        send(eventId, orderId, shipmentId, 0);

        ConsumerRecord<String, byte[]> onTopic = awaitDeadLetterTopic(eventId, GROUP);
        assertThat(header(onTopic, "kafka_dlt-exception-message")).contains("cannot dispatch " + shipmentId + " yet");
        DeadLetter row = awaitDeadLetters(GROUP, eventId, 1).getFirst();
        assertThat(deadLetterProducer.attempts("dlt:" + eventId)).isGreaterThanOrEqualTo(4);
        assertThat(dltFailure(row.id())).isNull();
        assertPartitionMovesOn(orderId);
        assertThat(deadLetters(GROUP, eventId)).hasSize(1);
    }

    @Test
    void theRecorderRetriesAFailedDatabaseWriteAndRecordsTheRecordOnce() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        String eventId = Uuids.v7().toString();
        DatabaseFault fault = injectDatabaseFault("insert:" + eventId, 3);

        send(eventId, orderId, shipmentId, 0);

        DeadLetter row = awaitDeadLetters(GROUP, eventId, 1).getFirst();
        assertThat(fault.attempts()).isGreaterThanOrEqualTo(4);
        assertThat(row.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(awaitDeadLetterTopic(eventId, GROUP).value()).isEqualTo(valueOf(eventId));
        assertPartitionMovesOn(orderId);
        assertThat(deadLetters(GROUP, eventId)).hasSize(1);
    }

    // --- a redrive holds no lock while it waits, and marks only after the ack (defect 8) ---

    @Test
    void aRedriveWaitsForTheBrokerWithoutHoldingALockAndMarksOnlyAfterTheAck() throws Exception {
        UUID shipmentId = UUID.randomUUID();
        DeadLetter row = fixedDeadLetter(shipmentId);
        double redrivenBefore = redrivenCount();
        CompletableFuture<Void> ack = deadLetterProducer.hold("redrive:" + row.id());

        CompletableFuture<Response> redrive = postAsync(API + "/" + row.id() + "/redrive");
        await().atMost(WAIT).until(() -> deadLetterProducer.attempts("redrive:" + row.id()) == 1);

        // Another session locks the row at once: the redrive holds no lock while the broker is awaited.
        assertThat(jdbc.queryForObject("SELECT status FROM dead_letter WHERE id = ? FOR UPDATE NOWAIT", String.class,
                row.id())).isEqualTo("REDRIVING");
        Response second = post(API + "/" + row.id() + "/redrive");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.contentType()).startsWith("application/problem+json");
        assertThat(second.body().get("type").asString()).isEqualTo("urn:commerce:problem:dead-letter-redrive-in-progress");
        assertThat(get(API + "/" + row.id()).body().get("status").asString()).isEqualTo("REDRIVING");
        assertThat(get(API + "?status=REDRIVING&topic=" + Topics.SHIPPING_EVENTS).body().get("totalItems").asLong()).isEqualTo(1);
        assertThat(redrivenCount()).isEqualTo(redrivenBefore);
        assertThat(auditLog.list).isEmpty();
        assertThat(redrive).isNotDone();
        await().atMost(WAIT).until(() -> pendingGauge() == 1.0); // not redriven yet

        ack.complete(null);

        Response first = redrive.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body().get("status").asString()).isEqualTo("REDRIVEN");
        assertThat(first.body().get("redriveCount").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> effects(GROUP, shipmentId) == 1);
        assertThat(redrivenCount() - redrivenBefore).isEqualTo(1.0);
        assertThat(auditLog.list).hasSize(1);
        await().atMost(WAIT).until(() -> pendingGauge() == 0.0);
    }

    @Test
    void aRedriveTheBrokerDoesNotTakeStaysPendingAndAnswersWithAProblem() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        DeadLetter row = awaitDeadLetters(GROUP, send(orderId, shipmentId).eventId(), 1).getFirst();
        fix(GROUP, shipmentId);
        double redrivenBefore = redrivenCount();
        deadLetterProducer.failNext("redrive:" + row.id(), 1);

        Response failed = post(API + "/" + row.id() + "/redrive");

        assertThat(failed.status()).isEqualTo(503);
        assertThat(failed.contentType()).startsWith("application/problem+json");
        assertThat(failed.body().get("type").asString()).isEqualTo("urn:commerce:problem:dead-letter-redrive-failed");
        assertThat(failed.body().get("redriven").asInt()).isZero();
        DeadLetter now = store.find(row.id()).orElseThrow().deadLetter();
        assertThat(now.status()).isEqualTo(DeadLetterStatus.PENDING);
        assertThat(now.redriveCount()).isZero();
        assertThat(now.redrivenAt()).isNull();
        assertThat(redrivenCount()).isEqualTo(redrivenBefore);
        assertThat(auditLog.list).isEmpty();
        UUID marker = UUID.randomUUID();
        send(orderId, marker);
        await().atMost(WAIT).until(() -> effects(GROUP, marker) == 1);
        assertThat(effects(GROUP, shipmentId)).isZero();

        Response again = post(API + "/" + row.id() + "/redrive");

        assertThat(again.status()).isEqualTo(200);
        await().atMost(WAIT).until(() -> effects(GROUP, shipmentId) == 1);
    }

    @Test
    void aRedriveWhoseMarkFailsAfterTheAckStaysClaimedAndIsSentAgainOnlyOnceItsClaimIsStale() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        DeadLetter row = awaitDeadLetters(GROUP, send(orderId, shipmentId).eventId(), 1).getFirst();
        fix(GROUP, shipmentId);
        DatabaseFault fault = injectDatabaseFault("redriven:" + row.id(), 1);

        Response unmarked = post(API + "/" + row.id() + "/redrive");

        assertThat(unmarked.status()).isEqualTo(503);
        assertThat(unmarked.contentType()).startsWith("application/problem+json");
        assertThat(unmarked.body().get("type").asString()).isEqualTo("urn:commerce:problem:dead-letter-redrive-failed");
        assertThat(fault.attempts()).isEqualTo(1);
        await().atMost(WAIT).until(() -> effects(GROUP, shipmentId) == 1);
        assertThat(store.find(row.id()).orElseThrow().deadLetter().status().name()).isEqualTo("REDRIVING");
        Response tooSoon = post(API + "/" + row.id() + "/redrive");
        assertThat(tooSoon.status()).isEqualTo(409);
        assertThat(tooSoon.body().get("type").asString()).isEqualTo("urn:commerce:problem:dead-letter-redrive-in-progress");
        assertThat(auditLog.list).isEmpty();

        jdbc.update("UPDATE dead_letter SET claimed_at = claimed_at - interval '1 hour' WHERE id = ?", row.id());
        double duplicatesBefore = duplicates(GROUP);
        Response redriven = post(API + "/" + row.id() + "/redrive");

        assertThat(redriven.status()).isEqualTo(200);
        assertThat(redriven.body().get("status").asString()).isEqualTo("REDRIVEN");
        assertThat(redriven.body().get("redriveCount").asInt()).isEqualTo(1);
        await().atMost(WAIT).until(() -> duplicates(GROUP) > duplicatesBefore);
        assertPartitionMovesOn(orderId);
        assertThat(duplicates(GROUP) - duplicatesBefore).isEqualTo(1.0);
        assertThat(effects(GROUP, shipmentId)).isEqualTo(1);
        assertThat(auditLog.list).hasSize(1);
    }

    @Test
    void redrivingAllTakesOverAStaleClaimAndLeavesAFreshOneToItsRedrive() throws Exception {
        List<DeadLetter> rows = new ArrayList<>();
        for (UUID shipment : List.of(UUID.randomUUID(), UUID.randomUUID())) {
            breakFor(GROUP, shipment);
            rows.add(awaitDeadLetters(GROUP, send(UUID.randomUUID(), shipment).eventId(), 1).getFirst());
            fix(GROUP, shipment);
        }
        DeadLetter stale = rows.get(0);
        DeadLetter fresh = rows.get(1);
        // As a redrive leaves them when it crashed an hour ago, and when it is waiting for the broker now.
        String claim = "UPDATE dead_letter SET status = 'REDRIVING', claim_token = ?, claimed_at = now() - ?::interval"
                + " WHERE id = ?";
        jdbc.update(claim, UUID.randomUUID(), "1 hour", stale.id());
        jdbc.update(claim, UUID.randomUUID(), "0 seconds", fresh.id());

        Response all = post(API + "/redrive?topic=" + Topics.SHIPPING_EVENTS);

        assertThat(all.status()).isEqualTo(200);
        assertThat(all.body().get("redriven").asInt()).isEqualTo(1);
        assertThat(store.find(stale.id()).orElseThrow().deadLetter().status()).isEqualTo(DeadLetterStatus.REDRIVEN);
        assertThat(store.find(fresh.id()).orElseThrow().deadLetter().status()).isEqualTo(DeadLetterStatus.REDRIVING);
        assertThat(post(API + "/" + fresh.id() + "/redrive").status()).isEqualTo(409);
    }

    @Test
    void aRedrivenEventTheGroupHadAlreadyProcessedIsACountedDuplicate() throws Exception {
        UUID orderId = UUID.randomUUID();
        UUID shipmentId = UUID.randomUUID();
        breakFor(GROUP, shipmentId);
        Sent original = send(orderId, shipmentId);
        DeadLetter row = awaitDeadLetters(GROUP, original.eventId(), 1).getFirst();
        fix(GROUP, shipmentId);
        // The producer sends the same event again (an outbox row sent twice): the group processes it after all.
        ProducerRecord<String, byte[]> copy = original.record();
        producer.send(new ProducerRecord<>(copy.topic(), null, copy.key(), copy.value(), copy.headers())).get();
        await().atMost(WAIT).until(() -> effects(GROUP, shipmentId) == 1);
        double duplicatesBefore = duplicates(GROUP);

        assertThat(post(API + "/" + row.id() + "/redrive").status()).isEqualTo(200);

        await().atMost(WAIT).until(() -> duplicates(GROUP) > duplicatesBefore);
        assertPartitionMovesOn(orderId);
        assertThat(duplicates(GROUP) - duplicatesBefore).isEqualTo(1.0);
        assertThat(effects(GROUP, shipmentId)).isEqualTo(1);
        assertThat(store.find(row.id()).orElseThrow().deadLetter().status()).isEqualTo(DeadLetterStatus.REDRIVEN);
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
        return send(Uuids.v7().toString(), orderId, shipmentId, 0, extra);
    }

    /** @param size the payload's size in bytes, padded with JSON whitespace; 0 for as small as it is */
    private Sent send(String eventId, UUID orderId, UUID shipmentId, int size, Header... extra) throws Exception {
        byte[] payload = padded(json.writeValueAsBytes(new ShipmentDispatched(orderId, shipmentId, Instant.now())), size);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.SHIPPING_EVENTS, orderId.toString(), payload);
        record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_id", eventId.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_type", TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add("ce_source", "/tests".getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", ("00-" + UUID.randomUUID().toString().replace("-", "")
                + "-00f067aa0ba902b7-01").getBytes(StandardCharsets.UTF_8));
        record.headers().add("probe-binary", new byte[] {0, (byte) 0xff, 0x7f, (byte) 0x80});
        Arrays.stream(extra).forEach(record.headers()::add);
        producer.send(record).get();
        SENT_VALUES.put(eventId, payload);
        return new Sent(record);
    }

    /** What was sent as event {@code eventId}. */
    private static byte[] valueOf(String eventId) {
        return SENT_VALUES.get(eventId);
    }

    private static final Map<String, byte[]> SENT_VALUES = new ConcurrentHashMap<>();

    private static byte[] padded(byte[] json, int size) {
        if (size <= json.length) {
            return json;
        }
        byte[] padded = new byte[size];
        Arrays.fill(padded, (byte) ' ');
        System.arraycopy(json, 0, padded, 0, json.length - 1);
        padded[size - 1] = '}';
        return padded;
    }

    /** The marker after a dead-lettered record on its key (so its partition) is processed: nothing is stuck. */
    private void assertPartitionMovesOn(UUID orderId) throws Exception {
        UUID marker = UUID.randomUUID();
        send(orderId, marker);
        await("the record after it on its partition").atMost(WAIT).until(() -> effects(GROUP, marker) == 1);
    }

    private String dltFailure(UUID id) {
        return jdbc.queryForObject("SELECT dlt_failure FROM dead_letter WHERE id = ?", String.class, id);
    }

    private double withoutDltCopyCount() {
        Counter counter = meters.find("commerce.kafka.dead.letters.without.dlt.copy").tag("topic", Topics.SHIPPING_EVENTS)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    private double duplicates(String group) {
        Counter counter = meters.find("commerce.inbox.duplicates").tag("consumer", group)
                .tag("topic", Topics.SHIPPING_EVENTS).counter();
        return counter == null ? 0 : counter.count();
    }

    /** A real database failure: the trigger on dead_letter fails the first writes of {@code target}. */
    record DatabaseFault(JdbcTemplate jdbc, String sequence) {
        /** How many writes of the target were tried (the sequence is not rolled back with them). */
        long attempts() {
            return jdbc.queryForObject("SELECT CASE WHEN is_called THEN last_value ELSE 0 END FROM " + sequence, Long.class);
        }
    }

    /**
     * @param target {@code insert:<ce_id>} to fail recording that event, {@code redriven:<id>} to fail
     *               marking that dead letter redriven
     */
    private DatabaseFault injectDatabaseFault(String target, int failures) {
        String sequence = "dead_letter_fault_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("CREATE SEQUENCE " + sequence);
        jdbc.update("INSERT INTO dead_letter_fault (target, failures, sequence_name) VALUES (?, ?, ?)", target, failures,
                sequence);
        return new DatabaseFault(jdbc, sequence);
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

    /** A record of {@code shipmentId} that failed for {@link #GROUP} and was dead-lettered, its cause since fixed. */
    private DeadLetter fixedDeadLetter(UUID shipmentId) throws Exception {
        breakFor(GROUP, shipmentId);
        DeadLetter row = awaitDeadLetters(GROUP, send(UUID.randomUUID(), shipmentId).eventId(), 1).getFirst();
        fix(GROUP, shipmentId);
        return row;
    }

    private Response get(String path) throws IOException, InterruptedException {
        return exchange(HttpRequest.newBuilder(uri(path)).timeout(WAIT).header(TestTokens.AUTHORIZATION, OPERATOR).GET().build());
    }

    private CompletableFuture<Response> postAsync(String path) {
        return http.sendAsync(HttpRequest.newBuilder(uri(path)).timeout(WAIT.multipliedBy(2))
                        .header(TestTokens.AUTHORIZATION, OPERATOR).POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(response -> new Response(response.statusCode(),
                        response.headers().firstValue("Content-Type").orElse(""), json.readTree(response.body())));
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

        /**
         * Real database faults on demand: a write to dead_letter of a target listed in dead_letter_fault
         * fails while its own sequence (which a rollback does not undo) has not passed its failures.
         */
        @Bean
        InitializingBean deadLetterFaults(JdbcTemplate jdbc) {
            return () -> {
                jdbc.execute("""
                        CREATE TABLE IF NOT EXISTS dead_letter_fault (
                            target text PRIMARY KEY, failures integer NOT NULL, sequence_name text NOT NULL)""");
                jdbc.execute("""
                        CREATE OR REPLACE FUNCTION dead_letter_fault() RETURNS trigger LANGUAGE plpgsql AS $$
                        DECLARE
                            fault dead_letter_fault%ROWTYPE;
                        BEGIN
                            IF TG_OP = 'INSERT' THEN
                                SELECT * INTO fault FROM dead_letter_fault WHERE target = 'insert:' || NEW.event_id;
                            ELSIF NEW.status = 'REDRIVEN' THEN
                                SELECT * INTO fault FROM dead_letter_fault WHERE target = 'redriven:' || NEW.id;
                            END IF;
                            IF fault.target IS NOT NULL AND nextval(fault.sequence_name::regclass) <= fault.failures THEN
                                RAISE EXCEPTION 'injected failure writing dead letter %', fault.target;
                            END IF;
                            RETURN NEW;
                        END $$""");
                jdbc.execute("DROP TRIGGER IF EXISTS dead_letter_fault ON dead_letter");
                jdbc.execute("CREATE TRIGGER dead_letter_fault BEFORE INSERT OR UPDATE ON dead_letter"
                        + " FOR EACH ROW EXECUTE FUNCTION dead_letter_fault()");
            };
        }

        @Bean
        FaultyDeadLetterProducer deadLetterProducer(KafkaProperties kafkaProperties) {
            return new FaultyDeadLetterProducer(ReliableProducerSettings.of(kafkaProperties, "dead-letter-test-dead-letters"));
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
            String which = group + "/" + dispatched.shipmentId();
            if (BROKEN.contains(which)) {
                throw new IllegalStateException("cannot dispatch " + dispatched.shipmentId() + " yet"
                        + (LOUD.contains(which) ? "!".repeat(300_000) : ""));
            }
            jdbc.update("INSERT INTO dead_letter_probe_effect (consumer_group, event_id, order_id, shipment_id)"
                    + " VALUES (?, ?, ?, ?)", group, event.eventId(), dispatched.orderId(), dispatched.shipmentId());
        }
    }

    /**
     * The starter's dead-letter producer on the real broker, with faults on demand: a send of a DLT copy
     * ({@code dlt:<ce_id>}) or of a redrive ({@code redrive:<dead letter id>}) can be made to fail as a
     * broker that is away fails it, or be held until the test lets it go out.
     */
    static class FaultyDeadLetterProducer extends DeadLetterProducer {

        private final Map<String, AtomicInteger> failures = new ConcurrentHashMap<>();
        private final Map<String, CompletableFuture<Void>> held = new ConcurrentHashMap<>();
        private final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
        private final KafkaTemplate<String, byte[]> template;

        FaultyDeadLetterProducer(Map<String, Object> config) {
            super(config);
            this.template = new KafkaTemplate<>(super.template().getProducerFactory()) {
                @Override
                public CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
                    return FaultyDeadLetterProducer.this.send(record);
                }
            };
        }

        void failNext(String target, int times) {
            failures.put(target, new AtomicInteger(times));
        }

        /** @return what lets the held send go out */
        CompletableFuture<Void> hold(String target) {
            CompletableFuture<Void> release = new CompletableFuture<>();
            held.put(target, release);
            return release;
        }

        int attempts(String target) {
            AtomicInteger count = attempts.get(target);
            return count == null ? 0 : count.get();
        }

        void clear() {
            failures.clear();
            held.values().forEach(release -> release.complete(null));
            held.clear();
        }

        @Override
        KafkaTemplate<String, byte[]> template() {
            return template;
        }

        @Override
        CompletableFuture<SendResult<String, byte[]>> send(ProducerRecord<String, byte[]> record) {
            Header redrive = record.headers().lastHeader(RedriveFilter.REDRIVE_ID);
            Header eventId = record.headers().lastHeader("ce_id");
            String target = redrive != null ? "redrive:" + new String(redrive.value(), StandardCharsets.UTF_8)
                    : "dlt:" + (eventId == null ? null : new String(eventId.value(), StandardCharsets.UTF_8));
            attempts.computeIfAbsent(target, t -> new AtomicInteger()).incrementAndGet();
            AtomicInteger left = failures.get(target);
            if (left != null && left.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                return CompletableFuture.failedFuture(new KafkaProducerException(record, "injected",
                        new org.apache.kafka.common.errors.TimeoutException("injected: the broker is away")));
            }
            CompletableFuture<Void> release = held.get(target);
            return release == null ? super.send(record) : release.thenCompose(go -> super.send(record));
        }
    }
}
