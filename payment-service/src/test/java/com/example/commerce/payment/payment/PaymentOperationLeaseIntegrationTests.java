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
 * open.
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
