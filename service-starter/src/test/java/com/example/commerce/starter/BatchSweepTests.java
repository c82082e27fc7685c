package com.example.commerce.starter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;

class BatchSweepTests {

    /** A sweep whose results come from {@code work}, counting its calls. */
    private static final class CountingSweep extends BatchSweep {
        final AtomicInteger calls = new AtomicInteger();
        private final IntSupplier work;

        CountingSweep(Duration interval, int batchSize, IntSupplier work) {
            super("test-sweep", interval, batchSize);
            this.work = work;
        }

        @Override
        protected int sweep() {
            calls.incrementAndGet();
            return work.getAsInt();
        }
    }

    @Test
    void fullBatchesFollowEachOtherAtOnceAndAShortOneWaitsTheInterval() {
        List<Integer> results = new CopyOnWriteArrayList<>(List.of(10, 10, 3, 10));
        CountingSweep sweep = new CountingSweep(Duration.ofHours(1), 10,
                () -> results.isEmpty() ? 0 : results.removeFirst());
        sweep.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> sweep.calls.get() == 3);
            // After the short batch it waits its hour: the fourth batch is not swept meanwhile.
            await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(2)).until(() -> sweep.calls.get() == 3);
        } finally {
            sweep.stop();
        }
        assertThat(sweep.isRunning()).isFalse();
        assertThat(results).containsExactly(10);
    }

    @Test
    void aFailingSweepIsTriedAgainAfterTheInterval() {
        AtomicInteger failures = new AtomicInteger(2);
        CountingSweep sweep = new CountingSweep(Duration.ofMillis(50), 10, () -> {
            if (failures.getAndDecrement() > 0) {
                throw new IllegalStateException("database away");
            }
            return 0;
        });
        sweep.start();
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> sweep.calls.get() >= 3);
        } finally {
            sweep.stop();
        }
        assertThat(failures.get()).isNegative();
    }

    @Test
    void stoppingWakesASweepThatWaitsItsInterval() {
        CountingSweep sweep = new CountingSweep(Duration.ofHours(1), 10, () -> 0);
        sweep.start();
        await().atMost(Duration.ofSeconds(5)).until(() -> sweep.calls.get() == 1);

        long started = System.nanoTime();
        sweep.stop();

        assertThat(sweep.isRunning()).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }
}
