package com.example.commerce.starter.work;

import com.example.commerce.testing.MovableClock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.example.commerce.testing.ServiceInfrastructureInitializer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Outbound work on a real PostgreSQL: the starter's workers (one handler of kind {@code probe}, a sweep interval of
 * an hour, so only a wake runs work promptly) and, for races, workers built by hand for kinds of their own, as a
 * second instance would run them. Time moves by {@link MovableClock}, never by waiting for a lease.
 */
@SpringBootTest(classes = WorkIntegrationTests.WorkTestApplication.class, properties = {
        "spring.application.name=work-test", "commerce.service.schema=catalog", "commerce.outbox.enabled=false",
        "commerce.work.sweep-interval=1h", "commerce.work.lease=30s", "commerce.work.initial-backoff=100ms",
        "commerce.work.max-backoff=400ms"})
@ContextConfiguration(initializers = ServiceInfrastructureInitializer.class)
class WorkIntegrationTests {

    private static final Duration PATIENCE = Duration.ofSeconds(15);

    @Autowired
    private WorkQueue queue;

    @Autowired
    private WorkLeases leases;

    @Autowired
    private WorkWorkers workers;

    @Autowired
    private ProbeHandler probe;

    @Autowired
    private MovableClock clock;

    @Autowired
    private TransactionTemplate transactions;

    @Autowired
    private MeterRegistry meters;

    @Autowired
    private JdbcTemplate jdbc;

    @Autowired
    private WorkProperties properties;

    @Test
    void workEnqueuedInACommittedTransactionRunsAtOnceWithoutWaitingForTheSweep() {
        assertThat(workers.sweepInterval()).as("only the wake after commit can run it within the bound")
                .isGreaterThanOrEqualTo(Duration.ofHours(1));
        String key = key();
        probe.behave(key, work -> WorkResult.done("ran " + work.key()));

        transactions.executeWithoutResult(status -> queue.enqueue("probe", key, Map.of("greeting", "hello")));

        await().atMost(Duration.ofSeconds(10)).until(() -> status(key) == WorkStatus.DONE);
        WorkItem done = queue.find("probe", key).orElseThrow();
        assertThat(done.outcome()).isEqualTo("ran " + key);
        assertThat(done.attempts()).isOne();
        assertThat(done.payload()).isEqualTo("{\"greeting\":\"hello\"}");
        assertThat(probe.calls(key)).hasSize(1);
    }

    @Test
    void workEnqueuedInARolledBackTransactionLeavesNothingAndNeverRuns() {
        String key = key();
        probe.behave(key, work -> WorkResult.done("must not run"));

        transactions.executeWithoutResult(status -> {
            assertThat(queue.enqueue("probe", key, "{}")).isTrue();
            status.setRollbackOnly();
        });
        String marker = key();
        probe.behave(marker, work -> WorkResult.done("marker"));
        transactions.executeWithoutResult(status -> queue.enqueue("probe", marker, "{}"));
        await().atMost(PATIENCE).until(() -> status(marker) == WorkStatus.DONE);

        assertThat(queue.find("probe", key)).isEmpty();
        assertThat(probe.calls(key)).isEmpty();
    }

    @Test
    void enqueueingTheSameKindAndKeyAgainChangesNothing() {
        String key = key();
        probe.behave(key, work -> WorkResult.done("once"));

        assertThat(enqueueCommitted(key, "{\"n\":1}")).isTrue();
        await().atMost(PATIENCE).until(() -> status(key) == WorkStatus.DONE);
        assertThat(enqueueCommitted(key, "{\"n\":2}")).isFalse();
        String marker = key();
        probe.behave(marker, work -> WorkResult.done("marker"));
        transactions.executeWithoutResult(status -> queue.enqueue("probe", marker, "{}"));
        await().atMost(PATIENCE).until(() -> status(marker) == WorkStatus.DONE);

        assertThat(probe.calls(key)).hasSize(1);
        assertThat(queue.find("probe", key).orElseThrow().payload()).isEqualTo("{\"n\":1}");
    }

    @Test
    void enqueueingOutsideATransactionIsRefused() {
        org.assertj.core.api.Assertions.assertThatIllegalStateException()
                .isThrownBy(() -> queue.enqueue("probe", key(), "{}"));
    }

    @Test
    void aFailingHandlerIsRetriedWithBackoffAndEndsFailedAfterItsLastAttemptWithItsOutcomeKept() {
        String key = key();
        AtomicInteger attempt = new AtomicInteger();
        probe.behave(key, work -> {
            throw new IllegalStateException("partner away, attempt " + attempt.incrementAndGet());
        });
        double failedBefore = attempts("probe", "failed");

        transactions.executeWithoutResult(status -> queue.enqueue("probe", key, "{}", clock.instant(), 3));

        await().atMost(PATIENCE).until(() -> status(key) == WorkStatus.FAILED);
        WorkItem failed = queue.find("probe", key).orElseThrow();
        assertThat(failed.attempts()).isEqualTo(3);
        assertThat(failed.outcome()).contains("partner away, attempt 3");
        assertThat(failed.lastError()).contains("partner away, attempt 3");
        List<Instant> calls = probe.calls(key);
        assertThat(calls).hasSize(3);
        assertThat(Duration.between(calls.get(0), calls.get(1))).as("first backoff")
                .isGreaterThanOrEqualTo(properties.backoffAfter(1)).isGreaterThanOrEqualTo(Duration.ofMillis(100));
        assertThat(Duration.between(calls.get(1), calls.get(2))).as("second backoff, doubled")
                .isGreaterThanOrEqualTo(Duration.ofMillis(200));
        assertThat(attempts("probe", "failed")).isEqualTo(failedBefore + 1);
        await().atMost(PATIENCE).until(() -> meters.get("commerce.work.items").tag("kind", "probe")
                .tag("status", "failed").gauge().value() >= 1);

        // FAILED is final: a later wake claims nothing of it.
        String marker = key();
        probe.behave(marker, work -> WorkResult.done("marker"));
        transactions.executeWithoutResult(status -> queue.enqueue("probe", marker, "{}"));
        await().atMost(PATIENCE).until(() -> status(marker) == WorkStatus.DONE);
        assertThat(probe.calls(key)).hasSize(3);
    }

    @Test
    void aHandlerThatGivesUpEndsFailedAtOnceWithItsOutcome() {
        String key = key();
        probe.behave(key, work -> WorkResult.giveUp("refused for good: unknown address"));

        transactions.executeWithoutResult(status -> queue.enqueue("probe", key, "{}"));

        await().atMost(PATIENCE).until(() -> status(key) == WorkStatus.FAILED);
        WorkItem failed = queue.find("probe", key).orElseThrow();
        assertThat(failed.attempts()).isOne();
        assertThat(failed.outcome()).isEqualTo("refused for good: unknown address");
        assertThat(probe.calls(key)).hasSize(1);
    }

    @Test
    void aStaleFenceCanNeitherCompleteNorRetryNorFailNorReleaseNorRenew() {
        String key = key();
        transactions.executeWithoutResult(status -> queue.enqueue("fence-probe", key, "{}"));
        Lease first = claimOne("fence-probe", key);
        assertThat(leases.claimDue(Set.of("fence-probe"), 10, properties.lease()).stream()
                .filter(work -> work.key().equals(key))).as("held: nobody else claims it").isEmpty();

        clock.advance(properties.lease().plusSeconds(1));
        Lease second = claimOne("fence-probe", key);

        assertThat(second.fence()).isGreaterThan(first.fence());
        assertThat(leases.complete(first, "from the stale holder")).isFalse();
        assertThat(leases.retry(first, "stale", clock.instant())).isFalse();
        assertThat(leases.fail(first, "stale", "stale")).isFalse();
        assertThat(leases.release(first)).isFalse();
        assertThat(leases.renew(first, properties.lease())).isEmpty();
        assertThat(holds(first)).as("a stale holder's own transaction learns it lost").isFalse();
        assertThat(holds(second)).isTrue();
        WorkItem held = queue.find("fence-probe", key).orElseThrow();
        assertThat(held.status()).isEqualTo(WorkStatus.LEASED);
        assertThat(held.fence()).isEqualTo(second.fence());
        assertThat(held.attempts()).isEqualTo(2);

        assertThat(leases.renew(second, properties.lease())).isPresent();
        assertThat(leases.complete(second, "from the holder")).isTrue();
        WorkItem done = queue.find("fence-probe", key).orElseThrow();
        assertThat(done.status()).isEqualTo(WorkStatus.DONE);
        assertThat(done.outcome()).isEqualTo("from the holder");
        assertThat(leases.complete(first, "late")).isFalse();
        assertThat(queue.find("fence-probe", key).orElseThrow().outcome()).isEqualTo("from the holder");
    }

    @Test
    void aRowWhoseLeaseRanOutOnItsLastAttemptEndsFailed() {
        String key = key();
        transactions.executeWithoutResult(status -> queue.enqueue("fence-probe", key, "{}", clock.instant(), 1));
        claimOne("fence-probe", key); // and the worker dies with it
        assertThat(leases.failExhausted(Set.of("fence-probe"))).as("its lease still holds").isZero();

        clock.advance(properties.lease().plusSeconds(1));

        assertThat(leases.claimDue(Set.of("fence-probe"), 10, properties.lease()).stream()
                .filter(work -> work.key().equals(key))).as("no attempt past the cap").isEmpty();
        assertThat(leases.failExhausted(Set.of("fence-probe"))).isPositive();
        WorkItem failed = queue.find("fence-probe", key).orElseThrow();
        assertThat(failed.status()).isEqualTo(WorkStatus.FAILED);
        assertThat(failed.outcome()).contains("lease of the last attempt ran out");
    }

    @Test
    void whenTheHolderOfTheLastAttemptStallsPastItsLeaseTheHandlerIsToldOnceUnderAFreshFenceAndTheRowEndsFailedWithItsOutcome() {
        String kind = "abandon-" + UUID.randomUUID();
        String key = key();
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch wakeTheStalled = new CountDownLatch(1);
        List<Work> told = new CopyOnWriteArrayList<>();
        List<Boolean> heldWhenTold = new CopyOnWriteArrayList<>();
        Function<Work, String> hook = work -> {
            told.add(work);
            heldWhenTold.add(holds(work.lease()));
            return "gave up " + work.key() + " in the service's tables";
        };
        SimpleMeterRegistry stalledMeters = new SimpleMeterRegistry();
        SimpleMeterRegistry otherMeters = new SimpleMeterRegistry();
        WorkWorkers first = new WorkWorkers("work-stalled-last", leases, List.of(handler(kind, work -> {
            stalled.countDown();
            awaitQuietly(wakeTheStalled);
            return WorkResult.done("from the stalled worker");
        }, hook)), properties, clock, stalledMeters);
        WorkWorkers other = new WorkWorkers("work-other-last", leases, List.of(handler(kind,
                work -> WorkResult.done("must not run: no attempt is left"), hook)), properties, clock, otherMeters);
        try {
            first.start();
            transactions.executeWithoutResult(status -> queue.enqueue(kind, key, "{}", clock.instant(), 1));
            first.wake();
            await().atMost(PATIENCE).until(() -> stalled.getCount() == 0);
            other.start();
            other.wake();
            await().during(Duration.ofMillis(300)).atMost(PATIENCE)
                    .until(told::isEmpty, none -> none); // its lease still holds: nobody is told

            clock.advance(properties.lease().plusSeconds(1)); // the last attempt's lease runs out while it stalls
            other.wake();
            await().atMost(PATIENCE).until(() -> queue.find(kind, key).orElseThrow().status() == WorkStatus.FAILED);
            wakeTheStalled.countDown(); // it reports after the row was given up
            await().atMost(PATIENCE).until(() -> first.busy() == 0);
            first.wake();
            other.wake();
            await().during(Duration.ofMillis(500)).atMost(PATIENCE).until(told::size, once -> once == 1);
        } finally {
            wakeTheStalled.countDown();
            first.stop();
            other.stop();
        }

        WorkItem failed = queue.find(kind, key).orElseThrow();
        assertThat(failed.status()).isEqualTo(WorkStatus.FAILED);
        assertThat(failed.outcome()).isEqualTo("gave up " + key + " in the service's tables");
        assertThat(failed.lastError()).isEqualTo(WorkLeases.LAST_LEASE_RAN_OUT);
        assertThat(failed.attempts()).as("telling the handler is no attempt").isOne();
        assertThat(failed.fence()).isEqualTo(2);
        Work abandoned = told.getFirst();
        assertThat(abandoned.lease().fence()).as("a fresh fence").isEqualTo(2);
        assertThat(abandoned.attempt()).isOne();
        assertThat(abandoned.lastAttempt()).isTrue();
        assertThat(heldWhenTold).as("the hook holds the fresh lease").containsExactly(true);
        assertThat(stalledMeters.get("commerce.work.attempts").tag("result", "stale").counter().count())
                .as("the stalled holder's late result refused").isOne();
        assertThat(stalledMeters.find("commerce.work.attempts").tag("result", "done").counter()).isNull();
        assertThat(count(stalledMeters, kind, "abandoned") + count(otherMeters, kind, "abandoned")).isOne();
    }

    @Test
    void aHandlerWithoutTheHookStillEndsARowWhoseLastAttemptsHolderVanishedFailedWithTheStartersOutcome() {
        String kind = "no-hook-" + UUID.randomUUID();
        String key = key();
        transactions.executeWithoutResult(status -> queue.enqueue(kind, key, "{}", clock.instant(), 1));
        Lease vanished = claimOne(kind, key); // and the worker dies with it
        clock.advance(properties.lease().plusSeconds(1));
        WorkWorkers workers = new WorkWorkers("work-no-hook", leases, List.of(handler(kind,
                work -> WorkResult.done("must not run: no attempt is left"))), properties, clock, new SimpleMeterRegistry());
        try {
            workers.start();
            workers.wake();
            await().atMost(PATIENCE).until(() -> queue.find(kind, key).orElseThrow().status() == WorkStatus.FAILED);
        } finally {
            workers.stop();
        }
        assertThat(queue.find(kind, key).orElseThrow().outcome()).isEqualTo(WorkLeases.LAST_LEASE_RAN_OUT);
        assertThat(leases.complete(vanished, "late")).isFalse();
    }

    @Test
    void twoInstancesSplitTheWorkAndNeverRunOneRowAtOnce() throws Exception {
        String kind = "split-" + UUID.randomUUID();
        int rows = 40;
        Set<String> running = ConcurrentHashMap.newKeySet();
        Map<String, AtomicInteger> runs = new ConcurrentHashMap<>();
        Map<String, AtomicInteger> byInstance = new ConcurrentHashMap<>();
        AtomicBoolean overlap = new AtomicBoolean();
        // Both instances' two workers each must be busy at once before anyone finishes.
        CountDownLatch together = new CountDownLatch(4);
        AtomicBoolean metTogether = new AtomicBoolean(true);
        Function<String, WorkHandler> instance = name -> handler(kind, work -> {
            if (!running.add(work.key())) {
                overlap.set(true);
            }
            try {
                runs.computeIfAbsent(work.key(), k -> new AtomicInteger()).incrementAndGet();
                byInstance.computeIfAbsent(name, k -> new AtomicInteger()).incrementAndGet();
                together.countDown();
                if (!together.await(10, TimeUnit.SECONDS)) {
                    metTogether.set(false);
                }
                return WorkResult.done(name);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return WorkResult.retry("interrupted");
            } finally {
                running.remove(work.key());
            }
        });
        transactions.executeWithoutResult(status -> {
            for (int i = 0; i < rows; i++) {
                queue.enqueue(kind, "row-" + i, "{}");
            }
        });
        WorkProperties two = properties.withWorkers(2).withSweepInterval(Duration.ofMillis(200));
        WorkWorkers one = new WorkWorkers("work-one", leases, List.of(instance.apply("one")), two, clock,
                new SimpleMeterRegistry());
        WorkWorkers other = new WorkWorkers("work-other", leases, List.of(instance.apply("other")), two, clock,
                new SimpleMeterRegistry());
        try {
            one.start();
            other.start();
            await().atMost(Duration.ofSeconds(60)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM work_item WHERE kind = ? AND status = 'DONE'", Integer.class, kind) == rows);
        } finally {
            one.stop();
            other.stop();
        }

        assertThat(overlap).as("one row run by two workers at once").isFalse();
        assertThat(runs).hasSize(rows).allSatisfy((key, count) -> assertThat(count.get()).as(key).isOne());
        assertThat(metTogether).as("four workers of two instances ran at once").isTrue();
        assertThat(byInstance.get("one").get()).isPositive();
        assertThat(byInstance.get("other").get()).isPositive();
    }

    @Test
    void aStalledWorkersRowIsTakenAgainAfterItsLeaseAndItsLateResultIsRefused() {
        String kind = "stall-" + UUID.randomUUID();
        String key = key();
        CountDownLatch stalled = new CountDownLatch(1);
        CountDownLatch wakeTheStalled = new CountDownLatch(1);
        CountDownLatch secondRuns = new CountDownLatch(1);
        CountDownLatch finishTheSecond = new CountDownLatch(1);
        SimpleMeterRegistry stalledMeters = new SimpleMeterRegistry();
        WorkWorkers first = new WorkWorkers("work-stalled", leases, List.of(handler(kind, work -> {
            stalled.countDown();
            awaitQuietly(wakeTheStalled);
            return WorkResult.done("from the stalled worker");
        })), properties, clock, stalledMeters);
        WorkWorkers second = new WorkWorkers("work-second", leases, List.of(handler(kind, work -> {
            secondRuns.countDown();
            awaitQuietly(finishTheSecond);
            return WorkResult.done("from the second worker");
        })), properties, clock, new SimpleMeterRegistry());
        try {
            first.start();
            transactions.executeWithoutResult(status -> queue.enqueue(kind, key, "{}"));
            first.wake();
            await().atMost(PATIENCE).until(() -> stalled.getCount() == 0);
            second.start();
            second.wake();
            await().during(Duration.ofMillis(300)).atMost(PATIENCE)
                    .until(() -> secondRuns.getCount() == 1, held -> held);

            clock.advance(properties.lease().plusSeconds(1)); // the first worker's lease runs out while it stalls
            second.wake();
            await().atMost(PATIENCE).until(() -> secondRuns.getCount() == 0);
            wakeTheStalled.countDown(); // it reports while the second worker holds the row
            await().atMost(PATIENCE).until(() -> first.busy() == 0);

            WorkItem held = queue.find(kind, key).orElseThrow();
            assertThat(held.status()).as("the stale result changed nothing").isEqualTo(WorkStatus.LEASED);
            assertThat(held.outcome()).isNull();
            assertThat(held.attempts()).isEqualTo(2);
            assertThat(stalledMeters.get("commerce.work.attempts").tag("result", "stale").counter().count()).isOne();
            assertThat(stalledMeters.find("commerce.work.attempts").tag("result", "done").counter()).isNull();

            finishTheSecond.countDown();
            await().atMost(PATIENCE).until(() -> queue.find(kind, key).orElseThrow().status() == WorkStatus.DONE);
        } finally {
            wakeTheStalled.countDown();
            finishTheSecond.countDown();
            first.stop();
            second.stop();
        }
        assertThat(queue.find(kind, key).orElseThrow().outcome()).isEqualTo("from the second worker");
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private boolean enqueueCommitted(String key, String payload) {
        return Boolean.TRUE.equals(transactions.execute(status -> queue.enqueue("probe", key, payload)));
    }

    private boolean holds(Lease lease) {
        return Boolean.TRUE.equals(transactions.execute(status -> leases.holds(lease)));
    }

    private Lease claimOne(String kind, String key) {
        return leases.claimDue(Set.of(kind), 100, properties.lease()).stream()
                .filter(work -> work.key().equals(key)).findFirst().orElseThrow().lease();
    }

    private WorkStatus status(String key) {
        return queue.find("probe", key).map(WorkItem::status).orElse(null);
    }

    private double attempts(String kind, String result) {
        var counter = meters.find("commerce.work.attempts").tag("kind", kind).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    private static String key() {
        return UUID.randomUUID().toString();
    }

    private static WorkHandler handler(String kind, Function<Work, WorkResult> behaviour) {
        return new WorkHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public WorkResult handle(Work work) {
                return behaviour.apply(work);
            }
        };
    }

    private static WorkHandler handler(String kind, Function<Work, WorkResult> behaviour,
                                       Function<Work, String> abandoned) {
        return new WorkHandler() {
            @Override
            public String kind() {
                return kind;
            }

            @Override
            public WorkResult handle(Work work) {
                return behaviour.apply(work);
            }

            @Override
            public String abandoned(Work work) {
                return abandoned.apply(work);
            }
        };
    }

    private static double count(MeterRegistry registry, String kind, String result) {
        var counter = registry.find("commerce.work.attempts").tag("kind", kind).tag("result", result).counter();
        return counter == null ? 0 : counter.count();
    }

    /** The service's handler of kind {@code probe}: each key behaves as its test says, and each call is noted. */
    static class ProbeHandler implements WorkHandler {

        private final Clock clock;
        private final Map<String, Function<Work, WorkResult>> behaviours = new ConcurrentHashMap<>();
        private final Map<String, List<Instant>> calls = new ConcurrentHashMap<>();

        ProbeHandler(Clock clock) {
            this.clock = clock;
        }

        void behave(String key, Function<Work, WorkResult> behaviour) {
            behaviours.put(key, behaviour);
        }

        List<Instant> calls(String key) {
            return List.copyOf(calls.getOrDefault(key, List.of()));
        }

        @Override
        public String kind() {
            return "probe";
        }

        @Override
        public WorkResult handle(Work work) {
            calls.computeIfAbsent(work.key(), k -> new CopyOnWriteArrayList<>()).add(clock.instant());
            return Optional.ofNullable(behaviours.get(work.key())).orElse(w -> WorkResult.done("unknown key"))
                    .apply(work);
        }
    }

    @SpringBootApplication
    static class WorkTestApplication {

        @Bean
        MovableClock clock() {
            return new MovableClock();
        }

        @Bean
        ProbeHandler probeHandler(Clock clock) {
            return new ProbeHandler(clock);
        }
    }
}
