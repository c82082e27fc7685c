package com.example.commerce.testing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What one inbox consumer has counted so far: events processed once ({@code commerce.inbox.processed})
 * and redeliveries skipped ({@code commerce.inbox.duplicates}). The counters live as long as the
 * application context, which a module's test classes share, so compare a snapshot taken before with one
 * taken after: {@code InboxCounts.of(meters, consumer).since(before)}.
 */
public record InboxCounts(long processed, long duplicates) {

    public static InboxCounts of(MeterRegistry meters, String consumer) {
        return new InboxCounts(count(meters, "commerce.inbox.processed", consumer),
                count(meters, "commerce.inbox.duplicates", consumer));
    }

    /** Every record taken, processed or skipped as a duplicate. */
    public long received() {
        return processed + duplicates;
    }

    /** What was counted after {@code earlier} was taken. */
    public InboxCounts since(InboxCounts earlier) {
        return new InboxCounts(processed - earlier.processed, duplicates - earlier.duplicates);
    }

    private static long count(MeterRegistry meters, String name, String consumer) {
        return Math.round(meters.find(name).tag("consumer", consumer).counters().stream()
                .mapToDouble(Counter::count).sum());
    }
}
