package com.example.commerce.payment.payment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.events.shared.Money;
import com.example.commerce.payment.PaymentIntegrationTest;
import com.example.commerce.payment.provider.CardDetails;
import com.example.commerce.payment.provider.CardToken;
import com.example.commerce.payment.provider.PaymentProvider;
import com.example.commerce.payment.provider.ProviderProperties;
import com.example.commerce.payment.provider.ProviderResult;
import com.example.commerce.payment.wallet.Wallet;
import com.example.commerce.starter.work.Lease;
import com.example.commerce.starter.work.Work;
import com.example.commerce.starter.work.WorkLeases;
import com.example.commerce.starter.work.WorkResult;
import com.example.commerce.starter.work.WorkWorkers;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Two workers and one operation: a worker that stalls past its lease, while a second one takes the operation
 * over. The operation is performed once at the provider, under its one key, and the ledger records one answer:
 * the second worker's. The stalled one's late answer is refused by the fence, even while the operation is still
 * open. A worker that dies on an operation's last attempt: the operation is given up as at its bound. And the
 * lease a claim takes is payment's own ({@code commerce.work.lease}).
 */
class PaymentOperationLeaseIntegrationTests extends PaymentIntegrationTest {

    private final UUID customer = UUID.randomUUID();

    @Autowired
    private OperationAnswers answers;
    @Autowired
    private PaymentProvider realProvider;
    @Autowired
    private Wallet wallet;
    @Autowired
    private ProviderProperties providerProperties;
    @Autowired
    private PaymentProperties properties;
    @Autowired
    private WorkLeases leases;
    @Autowired
    private WorkWorkers workers;
    @Autowired
    private MeterRegistry meters;

    @Test
    void aStalledWorkersLateAnswerIsRefusedAndTheWorkerThatTookTheOperationOverRecordsTheOneAnswerUnderTheSameKey()
            throws Exception {
        provider.behave("{\"webhooks\":false}"); // only our workers may record anything
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        UUID operationId = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZING', 1500, 'EUR', ?, ?)""", paymentId, orderId, customer, card, now, now);
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                created_at, updated_at) VALUES (?, ?, ?, 'AUTHORIZATION', 1500, 'EUR', 'PENDING', ?, ?, ?)""",
                operationId, paymentId, orderId, orderId + ":authorize", now, now);
        // Worker A's claim: the work row LEASED under fence 1, its lease ending far ahead (so the service's own
        // workers, B, leave it alone for now).
        Instant until = Instant.now().plus(Duration.ofHours(1));
        long workId = insertWork(operationId, "LEASED", until, 1, properties.workAttempts());
        Lease leaseA = new Lease(workId, 1, until);
        Work workA = new Work(workId, PaymentOperationHandler.KIND, operationId.toString(),
                "{\"operationId\":\"" + operationId + "\"}", 1, properties.workAttempts(), leaseA);

        // A performs the authorisation at the provider, then stalls before its answer is recorded. What it would
        // record is a decline, so its answer, if it were taken, would show.
        CountDownLatch performed = new CountDownLatch(1);
        CountDownLatch wakeUp = new CountDownLatch(1);
        List<String> keysOfA = new CopyOnWriteArrayList<>();
        PaymentOperationHandler workerA = new PaymentOperationHandler(answers,
                stallingAfterAuthorising(keysOfA, performed, wakeUp), wallet, providerProperties, properties);
        CompletableFuture<WorkResult> lateAnswer;
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            lateAnswer = CompletableFuture.supplyAsync(() -> workerA.handle(workA), executor);
            assertThat(performed.await(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(providerLedger(orderId)).containsExactly("AUTHORIZATION:1500");
            assertThat(keysOfA).containsExactly(orderId + ":authorize");

            // A's lease runs out while it stalls; B (the service's workers) takes the operation over, fence 2. The
            // provider answers slowly now (700 ms, within our 1 s timeout), so B is still at it when A wakes up.
            provider.behave("{\"latencyMs\":700}");
            jdbc().update("UPDATE work_item SET due_at = ?, lease_until = ? WHERE id = ?", now, now, workId);
            workers.wake();
            await("taken over by B").atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                    .until(() -> "LEASED 2 2".equals(workOf(orderId, "AUTHORIZATION")));
            wakeUp.countDown();
            WorkResult late = lateAnswer.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

            // A's answer came while the operation was still open, and was refused: nothing recorded.
            assertThat(late).isInstanceOf(WorkResult.Retry.class);
            assertThat(((WorkResult.Retry) late).reason()).contains("lease");
            assertThat(jdbc().queryForObject("SELECT status FROM payment_operation WHERE id = ?", String.class, operationId))
                    .isEqualTo("PENDING");
            assertThat(statusOf(orderId)).isEqualTo("AUTHORIZING");
            // What A's worker would then report about the row is refused too.
            assertThat(leases.complete(leaseA, "late")).isFalse();
        }

        awaitStatus(orderId, "AUTHORIZED");
        await("B's result recorded").atMost(PATIENCE).until(() -> "DONE 2 2".equals(workOf(orderId, "AUTHORIZATION")));
        provider.behave("{\"latencyMs\":0}");
        assertThat(providerLedger(orderId)).as("performed once, under the one key").containsExactly("AUTHORIZATION:1500");
        assertThat(ourLedger(orderId)).containsExactly("AUTHORIZATION:SUCCEEDED:1500");
        assertThat(published(orderId, "payment.PaymentAuthorized.v1")).isEqualTo(1);
        assertThat(published(orderId, "payment.PaymentDeclined.v1")).isZero();
    }

    @Test
    void whenTheWorkerOfACapturesLastAttemptDiesTheCaptureIsGivenUpOnceAsAtItsBoundWithASettlementFailure()
            throws Exception {
        double givenUp = counter("commerce.payment.operations.given.up", "kind", "CAPTURE");
        double failures = counter("commerce.payment.settlement.failures", "operation", "CAPTURE", "code", "UNRESOLVED");
        double abandoned = counter("commerce.work.attempts", "kind", PaymentOperationHandler.KIND, "result", "abandoned");
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();
        UUID paymentId = UUID.randomUUID();
        UUID operationId = UUID.randomUUID();
        Timestamp now = Timestamp.from(Instant.now());
        jdbc().update("""
                INSERT INTO payment (id, order_id, customer_id, payment_method_id, status, amount, currency,
                provider_reference, capture_requested, created_at, updated_at)
                VALUES (?, ?, ?, ?, 'AUTHORIZED', 640, 'EUR', 'pi_lost', true, ?, ?)""",
                paymentId, orderId, customer, card, now, now);
        jdbc().update("""
                INSERT INTO payment_operation (id, payment_id, order_id, kind, amount, currency, status, idempotency_key,
                sent, created_at, updated_at)
                VALUES (?, ?, ?, 'CAPTURE', 640, 'EUR', 'UNKNOWN', ?, true, ?, ?)""",
                operationId, paymentId, orderId, orderId + ":capture", now, now);
        // Its last attempt (the final lookup) was claimed, fence = attempts = max, and its worker died: the lease
        // ran out a moment ago without a result.
        int last = properties.workAttempts();
        Instant ranOut = Instant.now().minusSeconds(1);
        long workId = insertWork(operationId, "LEASED", ranOut, last, last);
        Lease deadLease = new Lease(workId, last, ranOut);
        workers.wake();

        awaitStatus(orderId, "CAPTURE_FAILED");
        await("the work row given up").atMost(PATIENCE)
                .until(() -> ("FAILED " + last + " " + (last + 1)).equals(workOf(orderId, "CAPTURE")));
        assertThat(jdbc().queryForObject("SELECT status || ' ' || failure_reason FROM payment_operation WHERE id = ?",
                String.class, operationId)).isEqualTo("FAILED UNRESOLVED");
        assertThat(jdbc().queryForObject("SELECT outcome FROM work_item WHERE id = ?", String.class, workId))
                .isEqualTo("UNRESOLVED: the worker of its last attempt vanished without an answer");
        await("PaymentSettlementFailed on payment.events").atMost(PATIENCE).until(() -> jdbc().queryForObject("""
                SELECT count(*) FROM outbox_event WHERE aggregate_id = ? AND event_type = 'payment.PaymentSettlementFailed.v1'
                AND sent_at IS NOT NULL""", Integer.class, orderId.toString()) == 1);
        assertThat(jdbc().queryForObject("""
                SELECT convert_from(payload, 'UTF8')::jsonb ->> 'code' FROM outbox_event
                WHERE aggregate_id = ? AND event_type = 'payment.PaymentSettlementFailed.v1'""", String.class,
                orderId.toString())).isEqualTo("UNRESOLVED");

        // Once: further rounds of the workers tell nobody again.
        await().during(Duration.ofMillis(2_500)).atMost(PATIENCE)
                .until(() -> published(orderId, "payment.PaymentSettlementFailed.v1"), once -> once == 1);
        assertThat(counter("commerce.payment.operations.given.up", "kind", "CAPTURE")).isEqualTo(givenUp + 1);
        assertThat(counter("commerce.payment.settlement.failures", "operation", "CAPTURE", "code", "UNRESOLVED"))
                .isEqualTo(failures + 1);
        assertThat(counter("commerce.work.attempts", "kind", PaymentOperationHandler.KIND, "result", "abandoned"))
                .isEqualTo(abandoned + 1);
        assertThat(providerLedger(orderId)).as("nothing was asked of the provider").isEmpty();

        // The dead worker's late answer is refused: neither its claim, nor its record, nor its result.
        assertThat(answers.claim(operationId, deadLease, true).ended().result())
                .isEqualTo(OperationAttempt.Result.LEASE_LOST);
        assertThat(answers.abandoned(operationId, deadLease).result()).isEqualTo(OperationAttempt.Result.LEASE_LOST);
        assertThat(leases.complete(deadLease, "late")).isFalse();
        assertThat(statusOf(orderId)).isEqualTo("CAPTURE_FAILED");
        assertThat(published(orderId, "payment.PaymentSettlementFailed.v1")).isEqualTo(1);
    }

    @Test
    void aClaimHoldsAnOperationForPaymentsOwnLeaseOf45SecondsNotTheStartersTwoMinutes() throws Exception {
        provider.behave("{\"latencyMs\":700}"); // the claim is held while the provider answers
        UUID card = savedCard(customer, GOOD_CARD);
        UUID orderId = UUID.randomUUID();

        publish(stockReserved(orderId, customer, card, 990));

        Double held = await("the authorisation claimed").atMost(PATIENCE).pollInterval(Duration.ofMillis(10))
                .until(() -> jdbc().queryForList("""
                        SELECT extract(epoch FROM w.lease_until - w.updated_at)::float8 FROM work_item w
                        JOIN payment_operation o ON w.kind = 'payment.operation' AND w.work_key = o.id::text
                        WHERE o.order_id = ? AND w.status = 'LEASED'""", Double.class, orderId)
                        .stream().findFirst().orElse(null), java.util.Objects::nonNull);
        assertThat(Duration.ofMillis(Math.round(held * 1000))).as("leased_until - claimed at")
                .isEqualTo(Duration.ofSeconds(45));
        awaitStatus(orderId, "AUTHORIZED");
    }

    private double counter(String name, String... tags) {
        var counter = meters.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The real provider, except that after an authorisation it stalls until {@code wakeUp} and then reports a decline. */
    private PaymentProvider stallingAfterAuthorising(List<String> keys, CountDownLatch performed, CountDownLatch wakeUp) {
        return new PaymentProvider() {
            @Override
            public CardToken tokenise(CardDetails card) {
                return realProvider.tokenise(card);
            }

            @Override
            public ProviderResult authorise(String idempotencyKey, String token, Money amount, String reference,
                                            String callbackUrl, SendGuard guard) {
                keys.add(idempotencyKey);
                ProviderResult answer = realProvider.authorise(idempotencyKey, token, amount, reference, callbackUrl, guard);
                assertThat(answer).isInstanceOf(ProviderResult.Done.class);
                performed.countDown();
                try {
                    wakeUp.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new ProviderResult.Refused(402, "card_declined");
            }

            @Override
            public ProviderResult capture(String idempotencyKey, String providerReference, Money amount) {
                throw new AssertionError("not asked here");
            }

            @Override
            public ProviderResult voidAuthorisation(String idempotencyKey, String providerReference) {
                throw new AssertionError("not asked here");
            }

            @Override
            public ProviderResult refund(String idempotencyKey, String providerReference, Money amount) {
                throw new AssertionError("not asked here");
            }

            @Override
            public ProviderResult lookup(String idempotencyKey) {
                throw new AssertionError("not asked here");
            }
        };
    }
}
