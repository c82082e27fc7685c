package com.example.commerce.starter.work;

import com.example.commerce.starter.BackgroundLoop;
import com.example.commerce.starter.ThrottledReading;
import com.example.commerce.starter.tracing.EventTracing;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;

/**
 * Runs the outbound work of this instance's {@link WorkHandler}s: claims due rows under a fenced {@link Lease}
 * ({@link WorkLeases#claimDue}, one short statement, {@code FOR UPDATE SKIP LOCKED}), runs each row's handler
 * outside any transaction on a virtual thread of its own, at most {@link WorkProperties#workers()} at once, and
 * records its result in one fenced update: DONE with its outcome, due again after a backoff, or FAILED with its
 * outcome after its last attempt or when the handler gives up.
 *
 * <p><b>When it looks.</b> The {@link WorkQueue} wakes it the moment an enqueuing transaction of this instance
 * commits, and a finishing handler wakes it for the free worker. Otherwise it waits until the next row is due
 * (a retry's backoff, a lease running out), at most {@link WorkProperties#sweepInterval()}: idle, it costs one
 * indexed query per sweep interval, and work enqueued by another instance waits at most that long.
 *
 * <p><b>A backlog</b> drains at the pace of the workers: a claim takes at most as many rows as workers are free
 * (and {@link WorkProperties#batchSize()}), so rows are never leased while they wait for a worker here, and a
 * second instance takes the rest. A full claim is followed at once by the next.
 *
 * <p><b>A failure</b> of a handler (it throws, or answers {@link WorkResult.Retry}) makes the row due again after
 * {@link WorkProperties#backoffAfter(int)}; its last attempt ends it FAILED with the reason as outcome, kept for
 * an operator (the gauge {@code commerce.work.items{status=failed}} shows it). A failure of the database while
 * claiming is logged and tried again after the sweep interval; while recording, the lease runs out and the
 * row is tried again.
 *
 * <p><b>Two instances</b> split the work: {@code SKIP LOCKED} hands each due row to one claim, and each claims
 * only the kinds it has handlers for.
 *
 * <p><b>A crash</b> (or a stall: a GC pause, a call hanging past its timeout) leaves the row LEASED; once its
 * lease ends, any worker claims it again with the fence incremented, and the attempt counts. Should the old
 * holder wake and report, its fenced write matches nothing: its result is refused, counted as
 * {@code result=stale}, and the new holder's stands. So a handler may run twice for one row, never with both
 * results recorded: what it calls must take an idempotency key derived from {@link Work#key()}. A row whose
 * lease ran out on its last attempt is claimed once more under a fresh fence, not as an attempt
 * ({@link WorkLeases#claimAbandoned}), its handler is told ({@link WorkHandler#abandoned}) so the service can
 * record the give-up, and it becomes FAILED with the hook's outcome ({@code result=abandoned}); a hook that
 * throws is told again after that lease ({@code result=abandon-error}).
 *
 * <p><b>Shutdown</b> stops claiming and lets running handlers finish and record for up to
 * {@link WorkProperties#shutdownGrace()}; what is still running then is taken again after its lease.
 */
public class WorkWorkers extends BackgroundLoop {

    private static final Logger log = LoggerFactory.getLogger(WorkWorkers.class);
    private static final Duration MIN_PAUSE = Duration.ofMillis(20);
    private static final Duration METRICS_REFRESH = Duration.ofSeconds(1);

    private final WorkLeases leases;
    private final EventTracing tracing;
    private final Map<String, WorkHandler> handlers;
    private final Set<String> kinds;
    private final WorkProperties properties;
    private final Clock clock;
    private final Semaphore slots;
    private final MeterRegistry meters;
    private final Map<String, Counter> attempts = new ConcurrentHashMap<>();
    private final ThrottledReading<Map<String, Map<WorkStatus, Long>>> counts;
    private Instant cleanedAt = Instant.EPOCH;

    /**
     * @param name     the loop's thread name, e.g. {@code work-workers}
     * @param handlers one per kind; only their kinds are claimed
     */
    public WorkWorkers(String name, WorkLeases leases, Collection<? extends WorkHandler> handlers,
                       WorkProperties properties, Clock clock, MeterRegistry meters) {
        this(name, leases, handlers, properties, clock, meters, EventTracing.NONE);
    }

    /** @param tracing continues, around each attempt, the trace the work was enqueued in */
    public WorkWorkers(String name, WorkLeases leases, Collection<? extends WorkHandler> handlers,
                       WorkProperties properties, Clock clock, MeterRegistry meters, EventTracing tracing) {
        super(name, properties.shutdownGrace().plusSeconds(5));
        this.tracing = tracing;
        this.leases = leases;
        Map<String, WorkHandler> byKind = new LinkedHashMap<>();
        for (WorkHandler handler : handlers) {
            if (byKind.put(handler.kind(), handler) != null) {
                throw new IllegalStateException("Two work handlers for kind " + handler.kind());
            }
        }
        this.handlers = Map.copyOf(byKind);
        this.kinds = Set.copyOf(byKind.keySet());
        this.properties = properties;
        this.clock = clock;
        this.slots = new Semaphore(properties.workers());
        this.meters = meters;
        this.counts = new ThrottledReading<>("Work items", METRICS_REFRESH, Map.of(), leases::counts);
        for (String kind : kinds) {
            for (WorkStatus status : List.of(WorkStatus.DUE, WorkStatus.LEASED, WorkStatus.FAILED)) {
                Gauge.builder("commerce.work.items", this, workers -> workers.count(kind, status))
                        .tag("kind", kind).tag("status", status.name().toLowerCase())
                        .description("Work rows by status (due: waiting; leased: held by a worker; failed: given up,"
                                + " waiting for an operator)")
                        .register(meters);
            }
        }
        Gauge.builder("commerce.work.workers.busy", this, WorkWorkers::busy)
                .description("Handlers running in this instance").register(meters);
    }

    /** The kinds this instance runs. */
    public Set<String> kinds() {
        return kinds;
    }

    /** How many handlers run in this instance right now. */
    public int busy() {
        return properties.workers() - slots.availablePermits();
    }

    /** How long idle workers wait when nothing wakes them. */
    public Duration sweepInterval() {
        return properties.sweepInterval();
    }

    private double count(String kind, WorkStatus status) {
        return counts.get().getOrDefault(kind, Map.of()).getOrDefault(status, 0L);
    }

    @Override
    protected void runUntilStopped() {
        while (isRunning()) {
            Duration wait;
            try {
                wait = round();
            } catch (DataAccessException e) {
                wait = properties.sweepInterval();
                log.warn("Work claim failed; trying again in {}", wait, e);
            } catch (RuntimeException e) {
                wait = properties.sweepInterval();
                log.error("Work round failed unexpectedly; trying again in {}", wait, e);
            }
            try {
                if (!wait.isZero() && !pause(wait)) {
                    return;
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Claims and starts what is due; returns how long to wait before the next round. */
    private Duration round() {
        cleanUpIfDue();
        int free = slots.availablePermits();
        if (free == 0) {
            return properties.sweepInterval(); // a finishing handler wakes the loop
        }
        List<Work> abandoned = leases.claimAbandoned(kinds, Math.min(free, properties.batchSize()), properties.lease());
        for (Work work : abandoned) {
            start(work, () -> performAbandoned(work));
        }
        if (abandoned.size() == free) {
            return Duration.ZERO;
        }
        int wanted = Math.min(free - abandoned.size(), properties.batchSize());
        List<Work> claimed = leases.claimDue(kinds, wanted, properties.lease());
        for (Work work : claimed) {
            start(work, () -> perform(work));
        }
        if (claimed.size() == wanted) {
            return Duration.ZERO;
        }
        Duration untilDue = leases.nextDue(kinds).map(due -> Duration.between(clock.instant(), due))
                .orElse(properties.sweepInterval());
        if (untilDue.compareTo(MIN_PAUSE) < 0) {
            return MIN_PAUSE; // due, but held by another instance's claim this moment
        }
        return untilDue.compareTo(properties.sweepInterval()) > 0 ? properties.sweepInterval() : untilDue;
    }

    private void start(Work work, Runnable run) {
        slots.acquireUninterruptibly();
        try {
            Thread.ofVirtual().name("work-" + work.kind() + "-" + work.id()).start(() -> {
                try {
                    run.run();
                } finally {
                    slots.release();
                    wake();
                }
            });
        } catch (RuntimeException e) {
            slots.release();
            throw e;
        }
    }

    private void perform(Work work) {
        WorkResult result;
        try {
            try (EventTracing.Continued span = tracing.continueTrace(work.traceparent(), "work " + work.kind())) {
                result = handlers.get(work.kind()).handle(work);
            }
            if (result == null) {
                result = WorkResult.retry("The handler returned no result");
            }
        } catch (RuntimeException e) {
            log.warn("Work {} {} (attempt {} of {}) failed", work.kind(), work.key(), work.attempt(),
                    work.maxAttempts(), e);
            result = WorkResult.retry(e.toString());
        }
        try {
            record(work, result);
        } catch (DataAccessException e) {
            log.warn("Result of work {} {} not recorded; it is tried again after its lease", work.kind(), work.key(), e);
        }
    }

    private void record(Work work, WorkResult result) {
        Lease lease = work.lease();
        String recorded;
        boolean held = switch (result) {
            case WorkResult.Done done -> {
                recorded = "done";
                yield leases.complete(lease, done.outcome());
            }
            case WorkResult.GiveUp giveUp -> {
                recorded = "failed";
                yield leases.fail(lease, giveUp.outcome(), giveUp.outcome());
            }
            case WorkResult.Retry retry when work.lastAttempt() -> {
                recorded = "failed";
                yield leases.fail(lease, retry.reason(), retry.reason());
            }
            case WorkResult.Retry retry -> {
                recorded = "retry";
                Duration after = retry.after() != null ? retry.after() : properties.backoffAfter(work.attempt());
                yield leases.retry(lease, retry.reason(), clock.instant().plus(after));
            }
        };
        if (!held) {
            recorded = "stale";
            log.info("Work {} {} (fence {}): lease lost to another worker; its result is not recorded", work.kind(),
                    work.key(), lease.fence());
        } else if (recorded.equals("failed")) {
            log.warn("Work {} {} FAILED after attempt {}: {}", work.kind(), work.key(), work.attempt(), result);
        }
        count(work, recorded);
    }

    /**
     * Tells the handler of a row whose last attempt's holder vanished ({@link WorkHandler#abandoned}), under the
     * fresh lease {@link WorkLeases#claimAbandoned} took, and ends the row FAILED with its outcome. A hook that
     * throws (or whose result is not recorded) leaves the row LEASED: it is taken again after the fresh lease.
     */
    private void performAbandoned(Work work) {
        String outcome;
        try {
            outcome = handlers.get(work.kind()).abandoned(work);
        } catch (RuntimeException e) {
            log.warn("Work {} {}: the hook for its vanished last attempt failed; it is tried again after its lease",
                    work.kind(), work.key(), e);
            count(work, "abandon-error");
            return;
        }
        try {
            if (leases.abandon(work.lease(), outcome)) {
                log.warn("Work {} {} FAILED: the holder of its last attempt vanished; its handler recorded: {}",
                        work.kind(), work.key(), outcome);
                count(work, "abandoned");
            } else {
                log.info("Work {} {} (fence {}): lease lost to another worker; its abandonment is not recorded",
                        work.kind(), work.key(), work.lease().fence());
                count(work, "stale");
            }
        } catch (DataAccessException e) {
            log.warn("Abandonment of work {} {} not recorded; it is tried again after its lease", work.kind(),
                    work.key(), e);
            count(work, "abandon-error");
        }
    }

    private void count(Work work, String result) {
        attempts.computeIfAbsent(work.kind() + "/" + result, tagged -> Counter.builder("commerce.work.attempts")
                .tag("kind", work.kind()).tag("result", result)
                .description("Attempts of outbound work by what became of them (done, retry, failed, stale:"
                        + " refused because the lease had passed to another worker; abandoned: the holder of the"
                        + " last attempt vanished and the handler was told; abandon-error: telling it failed)")
                .register(meters)).increment();
    }

    private void cleanUpIfDue() {
        Instant now = clock.instant();
        if (Duration.between(cleanedAt, now).compareTo(properties.cleanupInterval()) < 0) {
            return;
        }
        cleanedAt = now;
        int deleted = leases.deleteDone(now.minus(properties.retention()));
        if (deleted > 0) {
            log.info("Deleted {} done work rows past their retention", deleted);
        }
    }

    @Override
    protected void afterStop() {
        try {
            if (slots.tryAcquire(properties.workers(), properties.shutdownGrace().toMillis(), TimeUnit.MILLISECONDS)) {
                slots.release(properties.workers());
            } else {
                log.warn("Work still running after {}; it is taken again after its lease", properties.shutdownGrace());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
